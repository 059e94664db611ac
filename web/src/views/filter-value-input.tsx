import {
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { FilterLinkInput } from './filter-link-input';
import { type ValueKind, joinValues, splitValues } from './filters';
import { type EntityMeta, type FieldMeta, label } from './meta';
import { DateInput } from './record/date-input';
import { parseDecimal } from './record/numbers';

interface FilterValueInputProps {
  field: FieldMeta;
  kind: ValueKind;
  value: string;
  onChange: (value: string) => void;
  meta: EntityMeta[];
  language: Language;
}

/** The value part of a filter, shaped by the field's type and the operator (see valueKind in filters.ts). */
export function FilterValueInput({ field, kind, value, onChange, meta, language }: FilterValueInputProps) {
  const { t } = useTranslation();
  const valueLabel = t('list.filter.value');
  const options = (field.options ?? []).map((option) => ({
    value: option.value,
    label: label(option.label, language),
  }));
  const pair = splitValues(value);
  const setPair = (index: 0 | 1, next: string) => {
    const both = [pair[0] ?? '', pair[1] ?? ''];
    both[index] = next;
    onChange(both.join(','));
  };
  /** "between": two inputs of one kind, from and to. */
  const range = (Input: typeof DayInput | typeof DecimalText) => (
    <Group grow gap="xs" align="flex-start">
      {([0, 1] as const).map((index) => (
        <Input
          key={index}
          label={t(index === 0 ? 'list.filter.from' : 'list.filter.to')}
          value={pair[index] ?? ''}
          onChange={(v) => setPair(index, v)}
          language={language}
        />
      ))}
    </Group>
  );
  switch (kind) {
    case 'none':
      return null;
    case 'boolean':
      return (
        <SegmentedControl
          fullWidth
          aria-label={valueLabel}
          value={value || 'true'}
          onChange={onChange}
          data={[
            { value: 'true', label: t('list.yes') },
            { value: 'false', label: t('list.no') },
          ]}
        />
      );
    case 'option':
      return (
        <Select
          label={valueLabel}
          data={options}
          value={value || null}
          onChange={(next) => onChange(next ?? '')}
          comboboxProps={{ withinPortal: false }}
          searchable={options.length > 8}
        />
      );
    case 'options':
      return (
        <MultiSelect
          label={t('list.filter.values')}
          data={options}
          value={splitValues(value)}
          onChange={(next) => onChange(joinValues(next))}
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'link':
    case 'links': {
      const target = meta.find((entity) => entity.name === field.target);
      // A target the user may not read has no records to pick from; ids can still be typed.
      if (!target) break;
      return (
        <FilterLinkInput
          target={target}
          label={kind === 'links' ? t('list.filter.values') : valueLabel}
          multiple={kind === 'links'}
          value={splitValues(value)}
          onChange={(ids) => onChange(joinValues(ids))}
        />
      );
    }
    case 'number':
      return <DecimalText label={valueLabel} value={value} onChange={onChange} language={language} />;
    case 'numberRange':
      return range(DecimalText);
    case 'date':
      return <DayInput label={valueLabel} value={value} onChange={onChange} language={language} />;
    case 'dateRange':
      return range(DayInput);
    case 'texts':
      return (
        <Stack gap={4}>
          <TagsInput
            label={t('list.filter.values')}
            value={splitValues(value)}
            onChange={(next) => onChange(joinValues(next))}
            comboboxProps={{ withinPortal: false }}
          />
          <Text size="xs" c="dimmed">
            {t('list.filter.valuesHint')}
          </Text>
        </Stack>
      );
    case 'text':
      break;
  }
  return (
    <TextInput
      label={valueLabel}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data-autofocus
    />
  );
}

/**
 * A number typed as the user's language writes it ("1.234,56" in German); the filter gets the canonical decimal
 * ("1234.56"), or nothing while what is typed is not a number yet.
 */
function DecimalText({
  label: text,
  value,
  onChange,
  language,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  language: Language;
}) {
  const [typed, setTyped] = useState(value);
  const parsed = parseDecimal(typed, language);
  return (
    <TextInput
      label={text}
      inputMode="decimal"
      autoComplete="off"
      value={typed}
      error={parsed === undefined && typed.trim() !== ''}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setTyped(next);
        onChange(parseDecimal(next, language) ?? '');
      }}
    />
  );
}

/** A calendar day typed as the user's language writes it ("05.01.2026"); the filter gets "2026-01-05". */
function DayInput({
  label: text,
  value,
  onChange,
  language,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  language: Language;
}) {
  return (
    <DateInput
      label={text}
      value={value}
      // Something unreadable yet arrives as a draft object: no day to filter by until it reads as one.
      onChange={(next) => onChange(typeof next === 'string' ? next : '')}
      language={language}
      withTime={false}
      timeZone={undefined}
    />
  );
}
