import { Anchor, Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../app/format';
import type { Language } from '../app/i18n';
import type { LinkTitles } from './link-titles';
import { type FieldMeta, label } from './meta';

interface CellProps {
  field: FieldMeta;
  value: unknown;
  format: Formatter;
  language: Language;
  titles: LinkTitles;
}

/** One table cell, shown as its field type reads best: localized numbers and dates, labels for options. */
export function CellValue({ field, value, format, language, titles }: CellProps) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <Text c="dimmed">—</Text>;
  switch (field.type) {
    case 'boolean':
      return (
        <Badge variant="light" color={value ? 'teal' : 'gray'} size="sm">
          {value ? t('list.yes') : t('list.no')}
        </Badge>
      );
    case 'datetime':
      return <>{format.dateTime(String(value))}</>;
    case 'date':
      return <>{format.date(String(value))}</>;
    case 'integer':
    case 'number':
      return <>{format.number(value as number | string)}</>;
    case 'currency':
      return (
        <>{format.number(value as number | string, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</>
      );
    case 'percent':
      return <>{format.percent(value as number | string)}</>;
    case 'select': {
      const option = field.options?.find((entry) => entry.value === value);
      return <>{option ? label(option.label, language) : String(value)}</>;
    }
    case 'multiselect':
    case 'multilink':
      return Array.isArray(value) ? <>{t('list.items', { count: value.length })}</> : null;
    case 'link':
      // Until the title arrives (or when the target cannot be read) the short id shows where the link points.
      return <>{titles.get(String(value)) ?? String(value).slice(-8)}</>;
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm" onClick={(event) => event.stopPropagation()}>
          {String(value)}
        </Anchor>
      );
    case 'url':
      // Only web addresses become links: a stored `javascript:` URL must never be clickable.
      if (!/^https?:\/\//i.test(String(value))) return <>{String(value)}</>;
      return (
        <Anchor href={String(value)} target="_blank" rel="noreferrer noopener" size="sm">
          {String(value)}
        </Anchor>
      );
    default:
      return <>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</>;
  }
}
