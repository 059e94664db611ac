import { Anchor, Badge, Code, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { type EntityMeta, type FieldMeta, label } from '../meta';
import { useItemLabels } from './json-field';
import { titleOf, useRecordsById } from './link-data';
import { recordHref } from './record-href';

/** The fields of a tag that the record view shows (name as title, colour as the badge's colour). */
export const TAG_COLOUR_FIELD = 'colour';

/** Links to the records behind ids, by their titles; tags as coloured badges. */
export function LinkValues({ ids, target }: { ids: string[]; target: EntityMeta | undefined }) {
  const isTag = target?.name === 'tag';
  const { byId } = useRecordsById(target, ids, isTag ? [TAG_COLOUR_FIELD] : []);
  if (!target) return <Text size="sm">{ids.map((id) => `…${id.slice(-8)}`).join(', ')}</Text>;
  return (
    <Group gap={6}>
      {ids.map((id) => {
        const title = titleOf(target, byId.get(id), id);
        if (isTag) {
          const colour = byId.get(id)?.[TAG_COLOUR_FIELD];
          return (
            <Badge
              key={id}
              variant="light"
              color={typeof colour === 'string' ? colour : 'gray'}
              style={{ textTransform: 'none' }}
            >
              {title}
            </Badge>
          );
        }
        return (
          <Anchor key={id} component={Link} to={recordHref(target.path, id)} size="sm">
            {title}
          </Anchor>
        );
      })}
    </Group>
  );
}

const isLinkRow = (item: unknown): item is { entity: string; id: string; role?: string | null } =>
  typeof item === 'object' && item !== null && 'entity' in item && 'id' in item;
const isFlat = (item: unknown): item is Record<string, unknown> =>
  typeof item === 'object' &&
  item !== null &&
  !Array.isArray(item) &&
  Object.values(item).every((entry) => entry === null || typeof entry !== 'object');

/**
 * A json value as people read it: lines of text as lines, links to records as links (with their role), lists
 * of small objects one per line (`a@example.com · Primary`), anything else as JSON.
 */
function JsonValue({ value, meta, language }: { value: unknown; meta: EntityMeta[]; language: Language }) {
  const { itemLabel } = useItemLabels(language);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {value.join('\n')}
      </Text>
    );
  if (Array.isArray(value) && value.every(isLinkRow))
    return (
      <Stack gap={2}>
        {value.map((row) => (
          <Group key={`${row.entity}:${row.id}`} gap={6}>
            <LinkValues ids={[row.id]} target={meta.find((entity) => entity.name === row.entity)} />
            {row.role && (
              <Text size="sm" c="dimmed">
                ({row.role})
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    );
  if (Array.isArray(value) && value.every(isFlat))
    return (
      <Stack gap={2}>
        {value.map((row, index) => (
          <Text key={index} size="sm">
            {Object.entries(row)
              .filter(([, entry]) => entry !== null && entry !== '' && entry !== false)
              .map(([key, entry]) =>
                entry === true ? itemLabel({ name: key, type: 'boolean', required: false }) : String(entry),
              )
              .join(' · ')}
          </Text>
        ))}
      </Stack>
    );
  return (
    <Code block style={{ whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}

/**
 * One value shown as its field type reads best, in the user's language and formats: links as links to the
 * linked record, money with its currency, options by their labels.
 */
export function FieldValue({
  field,
  value,
  meta,
  language,
  currency,
}: {
  field: FieldMeta;
  value: unknown;
  meta: EntityMeta[];
  language: Language;
  currency?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length))
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const target = field.target ? meta.find((entity) => entity.name === field.target) : undefined;
  const text = (content: string) => <Text size="sm">{content}</Text>;
  switch (field.type) {
    case 'link':
    case 'multilink':
      return <LinkValues ids={Array.isArray(value) ? value.map(String) : [String(value)]} target={target} />;
    case 'boolean':
      return text(value ? t('list.yes') : t('list.no'));
    case 'datetime':
      return text(format.dateTime(String(value)));
    case 'date':
      return text(format.date(String(value)));
    case 'integer':
    case 'number':
      return text(format.number(value as number | string));
    case 'currency':
      return text(format.money(String(value), currency ?? 'EUR'));
    case 'percent':
      return text(format.percent(value as number | string));
    case 'select':
    case 'multiselect': {
      const values = Array.isArray(value) ? value : [value];
      const coloured = field.options?.find((candidate) => candidate.value === value);
      if (coloured?.colour)
        return (
          <Badge variant="light" color={coloured.colour} style={{ textTransform: 'none' }}>
            {label(coloured.label, language)}
          </Badge>
        );
      const names = values.map((entry) => {
        const option = field.options?.find((candidate) => candidate.value === entry);
        return option ? label(option.label, language) : String(entry);
      });
      return text(names.join(', '));
    }
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm">
          {String(value)}
        </Anchor>
      );
    case 'url':
      // Only web addresses become links: a stored `javascript:` URL must never be clickable.
      if (!/^https?:\/\//i.test(String(value))) return text(String(value));
      return (
        <Anchor href={String(value)} target="_blank" rel="noreferrer noopener" size="sm">
          {String(value)}
        </Anchor>
      );
    case 'password':
      return text('••••••••');
    case 'json':
      return <JsonValue value={value} meta={meta} language={language} />;
    default:
      return (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {String(value)}
        </Text>
      );
  }
}
