import './mentions.css';
import { Anchor, Badge, Checkbox, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../app/i18n';
import { useFormat } from '../../../app/use-format';
import { type EntityMeta, fieldOf, label } from '../../meta';
import { Changes } from '../history-panel';
import { titleOf, useRecordsById } from '../link-data';
import { recordHref } from '../record-href';
import type { RecordData } from '../record-types';
import { inSentence } from '../words';
import './texts';

export interface TimelineEntry {
  id: string;
  type: 'note' | 'call' | 'meeting' | 'task' | 'attachment' | 'change';
  at: string;
  entity: string;
  recordId: string;
  actorId: string | null;
  record?: RecordData;
  action?: string;
  actorName?: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

interface ItemProps {
  item: TimelineEntry;
  meta: EntityMeta[];
  language: Language;
  currency: string;
  /** The record whose timeline this is: its own changes need no link to it. */
  ownerEntity: EntityMeta;
  ownerId: string;
  onDone: (task: RecordData) => void;
}

/** A select field's value by its label, as a badge in the option's colour. */
function OptionBadge({
  entity,
  field,
  value,
  language,
}: {
  entity: EntityMeta;
  field: string;
  value: unknown;
  language: Language;
}) {
  const option = fieldOf(entity, field)?.options?.find((candidate) => candidate.value === value);
  if (!option) return null;
  return (
    <Badge variant="light" color={option.colour ?? 'gray'} size="sm">
      {label(option.label, language)}
    </Badge>
  );
}

/** What one timeline entry says: who did what when, and the activity or change itself. */
export function TimelineItemBody({
  item,
  meta,
  language,
  currency,
  ownerEntity,
  ownerId,
  onDone,
}: ItemProps) {
  const { t } = useTranslation('timeline');
  const format = useFormat();
  const entity = meta.find((candidate) => candidate.name === item.entity);
  const users = meta.find((candidate) => candidate.name === 'user');
  const actorIds = item.actorId ? [item.actorId] : [];
  const actors = useRecordsById(item.actorName === undefined ? users : undefined, actorIds);
  const who =
    item.actorName ??
    (item.actorId && users ? titleOf(users, actors.byId.get(item.actorId), item.actorId) : t('system'));
  const header = (what: React.ReactNode) => (
    <Group gap={6} wrap="wrap">
      <Text size="sm" fw={600}>
        {who}
      </Text>
      {what}
      <Text size="xs" c="dimmed">
        {format.dateTime(item.at)}
      </Text>
    </Group>
  );
  if (!entity) return header(null);

  if (item.type === 'change') {
    const own = item.entity === ownerEntity.name && item.recordId === ownerId;
    const linked = own ? null : <LinkedTitle entity={entity} id={item.recordId} />;
    const entityWord = inSentence(label(entity.label, language), language);
    return (
      <Stack gap={2}>
        {header(
          <Text size="sm" c="dimmed">
            {item.action === 'create'
              ? t('created', { entity: entityWord })
              : t('changed', { entity: entityWord })}{' '}
            {linked}
          </Text>,
        )}
        {item.action !== 'create' && item.changes && (
          <Changes
            entry={{
              id: item.id,
              action: item.action ?? 'update',
              actorId: item.actorId,
              actorName: item.actorName ?? null,
              apiKeyId: null,
              at: item.at,
              changes: item.changes,
            }}
            entity={entity}
            meta={meta}
            language={language}
            currency={currency}
          />
        )}
      </Stack>
    );
  }

  const record = item.record ?? ({} as RecordData);
  const text = (name: string) => (typeof record[name] === 'string' ? (record[name] as string) : '');
  if (item.type === 'note')
    return (
      <Stack gap={2}>
        {header(null)}
        {/* Cleaned by the server (an allow-list of tags, no scripts or handlers) before it was stored. */}
        <Text
          component="div"
          size="sm"
          data-testid="note-body"
          style={{ overflowWrap: 'anywhere' }}
          dangerouslySetInnerHTML={{ __html: text('body') }}
        />
      </Stack>
    );
  if (item.type === 'attachment') {
    const content = `/api/v1/attachments/${record.id as string}/content`;
    const image = /^image\/(png|jpeg|gif|webp)$/.test(text('contentType'));
    return (
      <Stack gap={4}>
        {header(
          <Group gap={6}>
            <Anchor href={content} download size="sm">
              {text('fileName')}
            </Anchor>
            <Text size="xs" c="dimmed">
              {fileSize(Number(record.sizeBytes), language)}
            </Text>
          </Group>,
        )}
        {image && (
          <Anchor
            href={`${content}?inline=true`}
            target="_blank"
            rel="noopener"
            aria-label={t('preview', { name: text('fileName') })}
          >
            <img
              src={`${content}?inline=true`}
              alt={text('fileName')}
              style={{ maxWidth: 240, maxHeight: 160 }}
            />
          </Anchor>
        )}
      </Stack>
    );
  }
  if (item.type === 'call') {
    const seconds = typeof record.durationSeconds === 'number' ? record.durationSeconds : null;
    return (
      <Stack gap={2}>
        {header(
          <Group gap={6}>
            <Text size="sm">{text('subject')}</Text>
            <OptionBadge entity={entity} field="outcome" value={record.outcome} language={language} />
            {seconds !== null && (
              <Text size="xs" c="dimmed">
                {t('minutes', { count: Math.max(1, Math.round(seconds / 60)) })}
              </Text>
            )}
          </Group>,
        )}
        {text('notes') && (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {text('notes')}
          </Text>
        )}
      </Stack>
    );
  }
  if (item.type === 'meeting')
    return (
      <Stack gap={2}>
        {header(<Text size="sm">{text('title')}</Text>)}
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            {format.dateTime(text('at'))} – {format.dateTime(text('endsAt'))}
            {text('location') ? ` · ${text('location')}` : ''}
          </Text>
          <Anchor href={`/api/v1/meetings/${record.id as string}/ics`} download size="xs">
            {t('ics')}
          </Anchor>
        </Group>
      </Stack>
    );
  const done = record.status === 'done';
  return (
    <Stack gap={2}>
      {header(
        <Group gap={6}>
          <Checkbox
            size="xs"
            checked={done}
            disabled={done || record.status === 'cancelled'}
            aria-label={t('markDone', { title: text('title') })}
            onChange={() => onDone(record)}
          />
          <Text size="sm" td={done ? 'line-through' : undefined}>
            {text('title')}
          </Text>
          <OptionBadge entity={entity} field="status" value={record.status} language={language} />
          {text('dueAt') && (
            <Text size="xs" c="dimmed">
              {t('due', { date: format.dateTime(text('dueAt')) })}
            </Text>
          )}
        </Group>,
      )}
      {text('description') && (
        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
          {text('description')}
        </Text>
      )}
    </Stack>
  );
}

/** Bytes in the largest unit that keeps the number at least 1: "820 byte", "1.4 MB". */
function fileSize(bytes: number, language: Language): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** The linked record a change happened to, as a link with its title. */
function LinkedTitle({ entity, id }: { entity: EntityMeta; id: string }) {
  const rows = useRecordsById(entity, [id]);
  return (
    <Anchor component={Link} to={recordHref(entity.path, id)} size="sm">
      {titleOf(entity, rows.byId.get(id), id)}
    </Anchor>
  );
}
