import { Badge, Center, Group, Loader, Paper, Table, Text, Timeline } from '@mantine/core';
import { IconArrowRight, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../app/error-state';
import type { Language } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { type EntityMeta, type FieldMeta, label } from '../meta';
import { FieldValue } from './field-value';
import { formOrder } from './form-values';
import { humanize } from './json-items';
import type { AuditEntry } from './record-types';
import { useHistory } from './use-record';

export const ACTION_COLOURS: Record<string, string> = {
  create: 'teal',
  update: 'indigo',
  delete: 'red',
  restore: 'orange',
  merge: 'grape',
  share: 'cyan',
};
const KNOWN_ACTIONS = ['create', 'update', 'delete', 'restore', 'merge', 'share'] as const;

/** Secrets are audited as changed without their value (src/core/audit.ts). */
const HIDDEN = '[hidden]';

/** The record's audit: who changed what when, each field with its old and new value in the user's formats. */
export function HistoryPanel({
  entity,
  meta,
  recordId,
  language,
  currency,
}: {
  entity: EntityMeta;
  meta: EntityMeta[];
  recordId: string;
  language: Language;
  currency: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useHistory(entity.path, recordId, true);
  if (history.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  if (!history.data.length) return <Text c="dimmed">{t('record.history.empty')}</Text>;

  const actionLabel = (action: string) =>
    (KNOWN_ACTIONS as readonly string[]).includes(action)
      ? t(`record.history.actions.${action as (typeof KNOWN_ACTIONS)[number]}`)
      : action;
  const who = (entry: AuditEntry) =>
    entry.actorName ?? (entry.apiKeyId ? t('record.history.apiKey') : t('record.history.system'));

  return (
    <Paper withBorder radius="md" p="lg" data-testid="history">
      <Timeline bulletSize={26} lineWidth={2}>
        {history.data.map((entry) => (
          <Timeline.Item
            key={entry.id}
            bullet={<IconHistory size={14} />}
            color={ACTION_COLOURS[entry.action] ?? 'gray'}
            title={
              <Group gap="xs">
                <Badge variant="light" color={ACTION_COLOURS[entry.action] ?? 'gray'}>
                  {actionLabel(entry.action)}
                </Badge>
                <Text size="sm" fw={500}>
                  {who(entry)}
                </Text>
                <Text size="sm" c="dimmed">
                  {format.dateTime(entry.at)}
                </Text>
              </Group>
            }
          >
            <Changes entry={entry} entity={entity} meta={meta} language={language} currency={currency} />
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}

export function Changes({
  entry,
  entity,
  meta,
  language,
  currency,
}: {
  entry: AuditEntry;
  entity: EntityMeta;
  meta: EntityMeta[];
  language: Language;
  currency: string;
}) {
  const { t } = useTranslation();
  // In the definition's order, so the history reads like the form; the trash date speaks for itself.
  const blank = (value: unknown) =>
    value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length);
  // "Nothing" to "an empty list" is no change a reader cares about (tags start as [] on create).
  const fields = formOrder(entity.fields).filter((field) => {
    const change = entry.changes[field.name];
    return change && field.name !== 'deletedAt' && !(blank(change.from) && blank(change.to));
  });
  const unknown = Object.keys(entry.changes).filter(
    (name) => name !== 'deletedAt' && !entity.fields.some((field) => field.name === name),
  );
  if (!fields.length && !unknown.length) return null;
  const value = (field: FieldMeta, content: unknown) =>
    content === HIDDEN || content === '[changed]' ? (
      <Text size="sm" c="dimmed">
        {content === HIDDEN ? '••••' : t('record.history.secretChanged')}
      </Text>
    ) : (
      <FieldValue field={field} value={content} meta={meta} language={language} currency={currency} />
    );
  const creating = entry.action === 'create';
  return (
    <Table mt="xs" withRowBorders={false} verticalSpacing={4} horizontalSpacing="xs" fz="sm">
      <Table.Tbody>
        {fields.map((field) => {
          const change = entry.changes[field.name] ?? { from: null, to: null };
          return (
            <Table.Tr key={field.name} data-testid={`change-${field.name}`}>
              <Table.Td w={200} c="dimmed" style={{ verticalAlign: 'top' }}>
                {label(field.label, language)}
              </Table.Td>
              <Table.Td>
                <Group gap={8} wrap="nowrap" align="flex-start">
                  {!creating && value(field, change.from)}
                  {!creating && <IconArrowRight size={14} style={{ marginTop: 3, flexShrink: 0 }} />}
                  {value(field, change.to)}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
        {/* Fields the metadata does not describe (secrets, fields removed since): named as stored. */}
        {unknown.map((name) => {
          const change = entry.changes[name];
          return (
            <Table.Tr key={name}>
              <Table.Td w={200} c="dimmed">
                {humanize(name)}
              </Table.Td>
              <Table.Td>
                {change?.to === '[changed]'
                  ? t('record.history.secretChanged')
                  : `${JSON.stringify(change?.from ?? null)} → ${JSON.stringify(change?.to ?? null)}`}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
