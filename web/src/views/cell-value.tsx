import { Anchor, Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { CSSProperties } from 'react';
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
  t: TFunction;
}

const DIMMED: CSSProperties = { color: 'var(--mantine-color-dimmed)' };
/** Option labels keep their case ("Do Not Contact"), unlike Mantine's upper-case badges. */
const NO_CAPS: CSSProperties = { textTransform: 'none' };
/** Mantine's anchor look as a class: a cell renders hundreds of times while scrolling, a component costs more. */
const ANCHOR = Anchor.classes.root;

/**
 * One table cell, shown as its field type reads best: localized numbers and dates, labels for options. Plain
 * elements where they do (see ANCHOR); the row passes `t` so no cell subscribes to i18next on its own.
 */
export function CellValue({ field, value, format, language, titles, t }: CellProps) {
  if (value === null || value === undefined || value === '') return <span style={DIMMED}>—</span>;
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
      if (!option) return <>{String(value)}</>;
      if (!option.colour) return <>{label(option.label, language)}</>;
      return (
        <Badge variant="light" color={option.colour} size="sm" style={NO_CAPS}>
          {label(option.label, language)}
        </Badge>
      );
    }
    case 'multiselect':
    case 'multilink':
      return Array.isArray(value) ? <>{t('list.items', { count: value.length })}</> : null;
    case 'link':
      // Until the title arrives (or when the target cannot be read) the short id shows where the link points.
      return <>{titles.get(String(value)) ?? String(value).slice(-8)}</>;
    case 'email':
      return (
        <a className={ANCHOR} data-underline="hover" href={`mailto:${String(value)}`}>
          {String(value)}
        </a>
      );
    case 'url':
      // Only web addresses become links: a stored `javascript:` URL must never be clickable.
      if (!/^https?:\/\//i.test(String(value))) return <>{String(value)}</>;
      return (
        <a
          className={ANCHOR}
          data-underline="hover"
          href={String(value)}
          target="_blank"
          rel="noreferrer noopener"
        >
          {String(value)}
        </a>
      );
    default:
      return <>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</>;
  }
}
