import { Button, CloseButton, Group, Pill } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../app/format';
import type { Language } from '../app/i18n';
import { useOperatorLabel } from './filter-builder';
import { splitValues, uiOperatorOf, valueKind } from './filters';
import type { ListFilter } from './list-query';
import { type EntityMeta, type FieldMeta, label } from './meta';
import { titleOf, useRecordsById } from './record/link-data';

interface FilterChipsProps {
  entity: EntityMeta;
  meta: EntityMeta[];
  filters: ListFilter[];
  format: Formatter;
  language: Language;
  onRemove: (index: number) => void;
  onClear: () => void;
}

/** The active conditions as removable chips ("Customer type is Company"), all of them applying together. */
export function FilterChips({
  entity,
  meta,
  filters,
  format,
  language,
  onRemove,
  onClear,
}: FilterChipsProps) {
  const { t } = useTranslation();
  if (filters.length === 0) return null;
  return (
    <Group
      gap="xs"
      px="md"
      py={8}
      aria-label={t('list.filter.active')}
      role="group"
      data-testid="filter-chips"
    >
      {filters.map((filter, index) => {
        const field = entity.fields.find((candidate) => candidate.name === filter.field);
        if (!field) return null;
        return (
          <FilterChip
            key={`${filter.field}|${filter.operator}`}
            field={field}
            filter={filter}
            meta={meta}
            format={format}
            language={language}
            onRemove={() => onRemove(index)}
          />
        );
      })}
      {filters.length > 1 && (
        <Button variant="subtle" size="compact-xs" color="gray" onClick={onClear}>
          {t('list.filter.clear')}
        </Button>
      )}
    </Group>
  );
}

function FilterChip({
  field,
  filter,
  meta,
  format,
  language,
  onRemove,
}: {
  field: FieldMeta;
  filter: ListFilter;
  meta: EntityMeta[];
  format: Formatter;
  language: Language;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const operatorLabel = useOperatorLabel();
  const operator = uiOperatorOf(filter);
  const kind = valueKind(field, operator);
  const values = kind === 'none' ? [] : splitValues(filter.value);
  const target = kind === 'link' || kind === 'links' ? meta.find((e) => e.name === field.target) : undefined;
  const linked = useRecordsById(target, target ? values : []);

  const one = (value: string): string => {
    if (target) return titleOf(target, linked.byId.get(value), value);
    switch (field.type) {
      case 'boolean':
        return value === 'true' ? t('list.yes') : t('list.no');
      case 'select':
      case 'multiselect': {
        const option = field.options?.find((entry) => entry.value === value);
        return option ? label(option.label, language) : value;
      }
      case 'integer':
      case 'number':
        return format.number(value);
      case 'currency':
        return format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      case 'percent':
        return format.percent(value);
      case 'date':
      case 'datetime':
        // Filters on dates name calendar days, whichever the field's type.
        return /^\d{4}-\d{2}-\d{2}$/.test(value) ? format.date(value) : format.dateTime(value);
      default:
        return t('list.filter.quoted', { value });
    }
  };
  const valueText =
    kind === 'numberRange' || kind === 'dateRange'
      ? t('list.filter.range', { low: one(values[0] ?? ''), high: one(values[1] ?? '') })
      : values.map(one).join(', ');
  const fieldText = label(field.label, language);
  const condition = [operatorLabel(field, operator), valueText].filter(Boolean).join(' ');
  const text = `${fieldText} ${condition}`;
  return (
    <Pill size="md" data-testid="filter-chip" style={{ paddingRight: 2 }}>
      <Group gap={4} wrap="nowrap">
        {/* The field stands out, so "Created at on or after …" reads as field, then condition. */}
        <span>
          <b>{fieldText}</b> {condition}
        </span>
        <CloseButton size="xs" aria-label={t('list.filter.remove', { filter: text })} onClick={onRemove} />
      </Group>
    </Pill>
  );
}
