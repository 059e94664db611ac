import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconActivity, IconArrowBackUp, IconHistory, IconListDetails, IconTrash } from '@tabler/icons-react';
import { type ReactNode, Suspense, lazy, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../app/api';
import { useMe } from '../../app/auth';
import { ErrorState } from '../../app/error-state';
import { isLanguage } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { type EntityMeta, label, useMeta } from '../meta';
import { LinkValues } from './field-value';
import { RecordForm, type FieldOverrides, currencyOf } from './record-form';
import { RecordInfo } from './record-info';
import { prefillFromSearch, recordHref } from './record-href';
import type { RecordData } from './record-types';
import { inSentence } from './words';
import { useWithJsonSchemas } from './use-json-schemas';
import { useRecord, useRecordWrites } from './use-record';

// The history is one click away and brings the timeline with it: it loads when that tab opens.
const HistoryPanel = lazy(() =>
  import('./history-panel').then((module) => ({ default: module.HistoryPanel })),
);
// So does the activity timeline with its composer.
const TimelinePanel = lazy(() => import('./timeline/timeline-panel'));

/** The link activities have to records of this entity (a note's `customerId`), if they can be about them. */
function activityLink(entity: EntityMeta, meta: EntityMeta[]): string | null {
  const note = meta.find((candidate) => candidate.name === 'note');
  const link = note?.fields.find(
    (field) => field.type === 'link' && !field.system && field.target === entity.name,
  );
  return link?.name ?? null;
}

type Tab = 'details' | 'activity' | 'history';

export interface RecordPageProps {
  /** The entity's API path, e.g. `customers`. */
  path: string;
  /** The record's id, or `new` for the create form. */
  id: string;
  /** Where the breadcrumb leads back to (the list), after `crumbs` above it (Settings). */
  back: { href: string; label: string; crumbs?: { href: string; label: string }[] };
  overrides?: FieldOverrides;
  /**
   * Records that cannot be changed through the generic routes (API keys), or the records of an entity that no
   * longer can (a submitted quotation): neither edited nor moved to the trash here.
   */
  readOnly?: boolean | ((record: RecordData) => boolean);
  /** Buttons beside trash/restore (revoke an API key). */
  actions?: (record: RecordData) => ReactNode;
  /** Below the title: what the record's state is at a glance (a lead's status, qualification and grade). */
  headline?: (record: RecordData, entity: EntityMeta) => ReactNode;
  /** Panels beside the form, below who made and changed the record (a lead's score). */
  aside?: (record: RecordData, entity: EntityMeta) => ReactNode;
  /** Panels below the form: records linked to this one (a customer's contacts and addresses). */
  related?: (record: RecordData, entity: EntityMeta) => ReactNode;
  create?: (body: Record<string, unknown>) => Promise<RecordData>;
  /** The form takes the page's whole width (a role's grants matrix), the record's details go below it. */
  wide?: boolean;
}

/**
 * The generic record page of any entity, from /api/v1/meta: the form, who created and changed it, its history,
 * trash and restore. `id="new"` is the create form, filled from `?set.<field>=` in the URL.
 */
export function RecordPage(props: RecordPageProps) {
  const { t } = useTranslation();
  const meta = useMeta();
  if (meta.isPending) return <PageLoader />;
  if (meta.isError) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  const entity = meta.data.find((candidate) => candidate.path === props.path);
  if (!entity) return <Text c="dimmed">{t('list.unknownEntity')}</Text>;
  return <RecordScreen key={props.id} {...props} entity={entity} meta={meta.data} />;
}

function PageLoader() {
  return (
    <Center py="xl">
      <Loader size="sm" />
    </Center>
  );
}

function RecordScreen({
  path,
  id,
  back,
  overrides,
  readOnly,
  actions,
  headline,
  aside,
  related,
  create,
  wide,
  entity: defined,
  meta,
}: RecordPageProps & { entity: EntityMeta; meta: EntityMeta[] }) {
  const { t, i18n } = useTranslation();
  const { entity, isPending: schemasPending } = useWithJsonSchemas(defined);
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const format = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const creating = id === 'new';
  const query = useRecord(path, creating ? undefined : id);
  const writes = useRecordWrites(path);
  const myId = useMe().data?.id;
  // A new record is the user's own unless they pick someone else; saying so beats an empty "owner" field.
  const owned = entity.owned;
  const prefill = useMemo(
    () => ({ ...(owned && myId ? { ownerId: myId } : {}), ...prefillFromSearch(params) }),
    [params, owned, myId],
  );
  const entityLabel = label(entity.label, language);
  const entityWord = inSentence(entityLabel, language);

  if ((!creating && query.isPending) || schemasPending) return <PageLoader />;
  if (!creating && query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack align="flex-start">
        {/* A missing record needs no server detail (in English, with the id): our sentence says it all. */}
        {missing ? (
          <Alert color="gray" m="md" title={t('record.notFound', { entity: entityWord })} />
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
        <Anchor component={Link} to={back.href} ml="md">
          {t('record.backTo', { list: back.label })}
        </Anchor>
      </Stack>
    );
  }
  const record = creating ? null : (query.data ?? null);
  const trashed = Boolean(record?.deletedAt);
  const allowed = creating ? entity.permissions.create : entity.permissions.update;
  const fixed = typeof readOnly === 'function' ? record !== null && readOnly(record) : Boolean(readOnly);
  const locked = fixed || trashed || !allowed;
  const titleValue = record?.[entity.titleField];
  const title = creating
    ? t('record.newTitle', { entity: entityWord })
    : typeof titleValue === 'string' && titleValue
      ? titleValue
      : entityLabel;
  const linkField = activityLink(entity, meta);
  const asked = params.get('tab');
  const tab =
    record && (asked === 'history' || (asked === 'activity' && linkField)) ? (asked as Tab) : 'details';
  const tagIds = Array.isArray(record?.tagIds) ? record.tagIds.map(String) : [];
  const tagEntity = meta.find((candidate) => candidate.name === 'tag');

  const trash = async () => {
    if (!record) return;
    await writes.trash.mutateAsync(record.id);
    notifications.show({ color: 'orange', message: t('record.trashed', { entity: entityLabel }) });
  };
  const restore = async () => {
    if (!record) return;
    await writes.restore.mutateAsync(record.id);
    notifications.show({ color: 'teal', message: t('record.restored', { entity: entityLabel }) });
  };
  const failed = writes.trash.error ?? writes.restore.error;

  const form = (
    <RecordForm
      key={record ? `${record.id}:${record.version}:${String(record.deletedAt)}` : 'new'}
      entity={entity}
      meta={meta}
      record={record}
      prefill={prefill}
      language={language}
      readOnly={locked}
      overrides={overrides}
      create={create}
      onReload={() => void query.refetch()}
      onCancel={creating ? () => void navigate(back.href) : undefined}
      onSaved={(saved, mode) => {
        if (mode === 'create') void navigate(recordHref(path, saved.id), { replace: true });
      }}
    />
  );

  return (
    <>
      <Breadcrumbs mb="xs" separatorMargin={6}>
        {back.crumbs?.map((crumb) => (
          <Anchor key={crumb.href} component={Link} to={crumb.href} size="sm">
            {crumb.label}
          </Anchor>
        ))}
        <Anchor component={Link} to={back.href} size="sm">
          {back.label}
        </Anchor>
        <Text size="sm" c="dimmed">
          {title}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" mb="lg" wrap="nowrap">
        <Stack gap={6}>
          <Title order={1} size="h2" data-testid="record-title">
            {title}
          </Title>
          {record && headline?.(record, entity)}
          {tagIds.length > 0 && <LinkValues ids={tagIds} target={tagEntity} />}
        </Stack>
        {record && (
          <Group gap="xs" wrap="nowrap">
            {actions?.(record)}
            {!trashed && !fixed && entity.permissions.delete && (
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={writes.trash.isPending}
                onClick={() => void trash().catch(() => undefined)}
              >
                {t('record.trash')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {failed && <ErrorState error={failed} title={t('record.actionFailed')} />}
      {trashed && record && (
        <Alert
          color="orange"
          icon={<IconTrash />}
          mb="md"
          title={t('record.inTrash', { entity: entityWord })}
        >
          <Group justify="space-between">
            <Text size="sm">
              {t('record.trashedAt', { date: format.dateTime(String(record.deletedAt)) })}
            </Text>
            {entity.permissions.delete && (
              <Button
                size="xs"
                color="orange"
                leftSection={<IconArrowBackUp size={14} />}
                loading={writes.restore.isPending}
                onClick={() => void restore().catch(() => undefined)}
              >
                {t('record.restore')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {!creating || entity.permissions.create ? null : (
        <Alert color="gray" mb="md">
          {t('record.mayNotCreate', { entity: entityWord })}
        </Alert>
      )}
      {!record ? (
        form
      ) : (
        <Tabs
          value={tab}
          onChange={(value) =>
            setParams(
              (previous) => {
                const next = new URLSearchParams(previous);
                if (value === 'history' || value === 'activity') next.set('tab', value);
                else next.delete('tab');
                return next;
              },
              { replace: true },
            )
          }
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="details" leftSection={<IconListDetails size={16} />}>
              {t('record.details')}
            </Tabs.Tab>
            {linkField && (
              <Tabs.Tab value="activity" leftSection={<IconActivity size={16} />}>
                {t('record.activity')}
              </Tabs.Tab>
            )}
            <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
              {t('record.history.tab')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="details">
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: wide ? 12 : 8 }}>{form}</Grid.Col>
              <Grid.Col span={{ base: 12, lg: wide ? 12 : 4 }}>
                <Stack gap="lg">
                  <RecordInfo entity={entity} meta={meta} record={record} language={language} />
                  {aside?.(record, entity)}
                </Stack>
              </Grid.Col>
            </Grid>
            {related?.(record, entity)}
          </Tabs.Panel>
          {linkField && (
            <Tabs.Panel value="activity">
              {tab === 'activity' && (
                <Suspense fallback={<PageLoader />}>
                  <TimelinePanel
                    entity={entity}
                    meta={meta}
                    recordId={record.id}
                    linkField={linkField}
                    language={language}
                    currency={currencyOf(record)}
                  />
                </Suspense>
              )}
            </Tabs.Panel>
          )}
          <Tabs.Panel value="history">
            {tab === 'history' && (
              <Suspense fallback={<PageLoader />}>
                <HistoryPanel
                  entity={entity}
                  meta={meta}
                  recordId={record.id}
                  language={language}
                  currency={currencyOf(record)}
                />
              </Suspense>
            )}
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}
