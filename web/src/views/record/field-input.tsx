import { Input, MultiSelect, PasswordInput, Select, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { IconAt, IconLink, IconPhone } from '@tabler/icons-react';
import { type ReactNode, useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../app/api';
import type { Language } from '../../app/i18n';
import { useMe } from '../../app/auth';
import { type EntityMeta, label } from '../meta';
import { DateInput } from './date-input';
import { DecimalInput } from './decimal-input';
import { errorText } from './field-errors';
import { FieldValue, TAG_COLOUR_FIELD } from './field-value';
import type { FormValues, Mode } from './form-values';
import { JsonField } from './json-field';
import { LinkListField, linkTargets } from './link-list-field';
import { LinkPicker, MultiLinkPicker } from './link-picker';
import type { RecordFieldMeta } from './record-types';

/** The localized text of a field problem (see field-errors.ts). */
export function useProblemText() {
  const { t } = useTranslation();
  return useCallback(
    (problem: FieldProblem, type?: string) => {
      const { key, values } = errorText(problem, type);
      return t(`record.errors.${key}`, { limit: values.limit ?? '', detail: values.detail ?? '' });
    },
    [t],
  );
}

export interface FieldInputProps {
  field: RecordFieldMeta;
  value: unknown;
  onChange: (value: unknown) => void;
  meta: EntityMeta[];
  language: Language;
  mode: Mode;
  editable: boolean;
  /** Problems at this field or inside it, from the server or found before sending. */
  problems: FieldProblem[];
  /** ISO 4217 code of a currency field's amount. */
  currency: string;
  /** The whole form, for inputs that depend on other fields (a custom field's options on its type). */
  values: FormValues;
}

/** One input per field type, with its label in the user's language, a required mark and its problem. */
export function FieldInput(props: FieldInputProps) {
  const { field, value, onChange, meta, language, mode, editable, problems, currency } = props;
  const { t } = useTranslation();
  const message = useProblemText();
  const timeZone = useMe().data?.timeZone;
  const id = useId();
  const fieldLabel = label(field.label, language);
  const problem = problems.find((p) => p.field === field.name) ?? problems[0];
  const common = {
    label: fieldLabel,
    withAsterisk: field.required && editable,
    error: problem ? message(problem, field.type) : undefined,
    'data-field': field.name,
  };
  const text = typeof value === 'string' ? value : '';

  if (!editable) {
    return (
      <Input.Wrapper label={fieldLabel} data-field={field.name}>
        <div style={{ paddingTop: 6 }}>
          <FieldValue field={field} value={value} meta={meta} language={language} currency={currency} />
        </div>
      </Input.Wrapper>
    );
  }

  const target = field.target ? meta.find((entity) => entity.name === field.target) : undefined;
  const textInput = (type: string, icon?: ReactNode) => (
    <TextInput
      {...common}
      type={type}
      leftSection={icon}
      value={text}
      maxLength={field.maxLength}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );

  switch (field.type) {
    case 'email':
      return textInput('email', <IconAt size={16} />);
    case 'phone':
      return textInput('tel', <IconPhone size={16} />);
    case 'url':
      return textInput('url', <IconLink size={16} />);
    case 'longText':
    case 'html':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxRows={12}
          value={text}
          maxLength={field.maxLength}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'password':
      return (
        <PasswordInput
          {...common}
          autoComplete="new-password"
          description={mode === 'edit' ? t('record.passwordKeep') : undefined}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'integer':
    case 'number':
    case 'percent':
    case 'currency':
      return (
        <DecimalInput
          {...common}
          language={language}
          value={value}
          onChange={onChange}
          minFraction={field.type === 'currency' ? 2 : 0}
          rightSection={
            field.type === 'currency' ? (
              <Text size="xs" c="dimmed" fw={600}>
                {currency}
              </Text>
            ) : field.type === 'percent' ? (
              <Text size="sm" c="dimmed">
                %
              </Text>
            ) : undefined
          }
          rightSectionWidth={field.type === 'currency' ? 48 : undefined}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <DateInput
          {...common}
          value={value}
          onChange={onChange}
          language={language}
          withTime={field.type === 'datetime'}
          timeZone={timeZone}
        />
      );
    case 'boolean':
      return (
        <Input.Wrapper label={fieldLabel} labelElement="label" id={id} data-field={field.name}>
          <Switch
            id={id}
            mt={8}
            checked={value === true}
            onChange={(event) => onChange(event.currentTarget.checked)}
          />
        </Input.Wrapper>
      );
    case 'select':
      return (
        <Select
          {...common}
          data={(field.options ?? []).map((o) => ({ value: o.value, label: label(o.label, language) }))}
          value={text || null}
          onChange={(next) => onChange(next ?? '')}
          clearable={!field.required}
          searchable={(field.options?.length ?? 0) > 8}
          allowDeselect={!field.required}
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={(field.options ?? []).map((o) => ({ value: o.value, label: label(o.label, language) }))}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={onChange}
          clearable
          searchable={(field.options?.length ?? 0) > 8}
        />
      );
    case 'link':
      if (!target) return textInput('text');
      return (
        <LinkPicker
          label={common.label}
          error={common.error}
          required={field.required}
          target={target}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
        />
      );
    case 'multilink':
      if (!target) return textInput('text');
      return (
        <MultiLinkPicker
          label={common.label}
          error={common.error}
          required={field.required}
          target={target}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={onChange}
          colourField={target.name === 'tag' ? TAG_COLOUR_FIELD : undefined}
        />
      );
    case 'json':
      if (linkTargets(field))
        return (
          <LinkListField
            field={field}
            fieldLabel={fieldLabel}
            value={value}
            onChange={onChange}
            meta={meta}
            language={language}
            problems={problems}
            message={message}
          />
        );
      return (
        <JsonField
          field={field}
          fieldLabel={fieldLabel}
          value={value}
          onChange={onChange}
          language={language}
          disabled={false}
          problems={problems}
          message={message}
        />
      );
    default:
      return textInput('text');
  }
}
