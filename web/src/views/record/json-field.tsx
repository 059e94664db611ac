import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Input,
  JsonInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../app/api';
import type { Language } from '../../app/i18n';
import { type Label, label } from '../meta';
import { isDraft } from './form-values';
import { type ItemField, emptyItem, humanize, itemFields } from './json-items';
import type { RecordFieldMeta } from './record-types';

interface JsonFieldProps {
  field: RecordFieldMeta;
  fieldLabel: string;
  value: unknown;
  onChange: (value: unknown) => void;
  language: Language;
  disabled: boolean;
  /** Problems at this field or inside it (`emails/0/email`). */
  problems: FieldProblem[];
  message: (problem: FieldProblem, type?: string) => string;
}

/**
 * A json field: a list of small objects as repeatable rows of inputs (e-mail addresses, phone numbers), any
 * other shape as JSON text, checked as it is typed.
 */
export function JsonField(props: JsonFieldProps) {
  const fields = isDraft(props.value) ? null : itemFields(props.field.schema, props.value);
  if (fields) return <JsonRows {...props} fields={fields} />;
  return <JsonText {...props} />;
}

/**
 * Names for the keys and values of rows: the schema's own labels when it has them, else ours for the usual
 * keys (email, phone, primary, kind …), else the key itself made readable.
 */
export function useItemLabels(language: Language) {
  const { t } = useTranslation();
  const keys = t('record.itemFields', { returnObjects: true }) as Record<string, string>;
  const values = t('record.itemValues', { returnObjects: true }) as Record<string, string>;
  return {
    itemLabel: (item: ItemField) =>
      item.label ? label(item.label, language) : (keys[item.name] ?? item.title ?? humanize(item.name)),
    optionLabel: (option: { value: string; label?: Label }) =>
      option.label ? label(option.label, language) : (values[option.value] ?? humanize(option.value)),
  };
}

function JsonRows({
  field,
  fieldLabel,
  value,
  onChange,
  language,
  disabled,
  problems,
  message,
  fields,
}: JsonFieldProps & { fields: ItemField[] }) {
  const { t } = useTranslation();
  const { itemLabel, optionLabel } = useItemLabels(language);
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const at = (index: number, name?: string) =>
    problems.find((p) => p.field === [field.name, index, name].filter((x) => x !== undefined).join('/'));
  const whole = problems.find((p) => p.field === field.name);
  const set = (index: number, name: string, next: unknown) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [name]: next } : row)));
  const input = (item: ItemField, row: Record<string, unknown>, index: number): ReactNode => {
    const problem = at(index, item.name);
    const common = {
      label: itemLabel(item),
      withAsterisk: item.required,
      disabled,
      error: problem ? message(problem, item.type) : undefined,
    };
    const current = row[item.name];
    if (item.type === 'boolean')
      return (
        <Checkbox
          key={item.name}
          label={common.label}
          disabled={disabled}
          checked={current === true}
          onChange={(event) => set(index, item.name, event.currentTarget.checked)}
          mt={28}
        />
      );
    if (item.type === 'select')
      return (
        <Select
          key={item.name}
          {...common}
          data={(item.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o) }))}
          value={typeof current === 'string' ? current : null}
          onChange={(next) => set(index, item.name, next)}
          w={140}
        />
      );
    return (
      <TextInput
        key={item.name}
        {...common}
        style={{ flex: 1, minWidth: 160 }}
        type={
          item.type === 'email'
            ? 'email'
            : item.type === 'phone'
              ? 'tel'
              : item.type === 'url'
                ? 'url'
                : 'text'
        }
        value={current === null || current === undefined ? '' : String(current)}
        onChange={(event) => {
          const text = event.currentTarget.value;
          const number = Number(text.replace(',', '.'));
          set(index, item.name, item.type === 'number' && text && !Number.isNaN(number) ? number : text);
        }}
      />
    );
  };
  return (
    <Input.Wrapper
      label={fieldLabel}
      // Required lists with a default of [] need no entry: marking them would say otherwise.
      withAsterisk={field.required && field.default === undefined}
      error={whole ? message(whole, 'json') : undefined}
    >
      <Stack gap="xs" mt={4}>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('record.noEntries')}
          </Text>
        )}
        {rows.map((row, index) => (
          <Paper key={index} withBorder p="xs" radius="sm" data-testid={`${field.name}-row-${index}`}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              {fields.map((item) => input(item, row, index))}
              {!disabled && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={28}
                  aria-label={t('record.removeEntry')}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          </Paper>
        ))}
        {!disabled && (
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              aria-label={`${fieldLabel}: ${t('record.addEntry')}`}
              onClick={() => onChange([...rows, emptyItem(fields)])}
            >
              {t('record.addEntry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Input.Wrapper>
  );
}

function JsonText({ field, fieldLabel, value, onChange, disabled, problems, message }: JsonFieldProps) {
  // The text as typed: re-printing the parsed value on every key stroke would move the cursor. The form
  // remounts its inputs after a save or reload, which starts this over from the stored value.
  const [text, setText] = useState(() =>
    isDraft(value)
      ? value.draft
      : value === null || value === undefined
        ? ''
        : JSON.stringify(value, null, 2),
  );
  const problem = problems[0];
  return (
    <JsonInput
      label={fieldLabel}
      withAsterisk={field.required}
      value={text}
      disabled={disabled}
      autosize
      minRows={3}
      maxRows={16}
      formatOnBlur
      error={problem ? message(problem, 'json') : undefined}
      onChange={(next) => {
        setText(next);
        if (!next.trim()) return onChange(null);
        try {
          onChange(JSON.parse(next));
        } catch {
          onChange({ draft: next, code: 'json' });
        }
      }}
    />
  );
}
