import { Center, Loader, Tabs, Text } from '@mantine/core';
import { type ComponentType, Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { ErrorState } from '../../app/error-state';
import { isLanguage } from '../../app/i18n';
import { PageHeader } from '../../app/page-header';
import { EntityList } from '../../views/entity-list';
import { label, useMeta } from '../../views/meta';
import { ListActions } from '../../views/record/list-actions';
import { SECTIONS } from './sections';

/** Settings of a section that are no records, shown above its list: the grade thresholds of lead scoring. */
const ABOVE_LIST: Record<string, ComponentType> = {
  'lead-scoring-rules': lazy(() =>
    import('../leads/scoring-settings-form').then((module) => ({ default: module.ScoringSettingsForm })),
  ),
};

/**
 * Settings: one tab per administration entity the user may read (the metadata lists only those), each a list
 * whose rows open the record form, with buttons for a new record and the trash.
 */
export default function SettingsPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const { section } = useParams();
  const navigate = useNavigate();
  const meta = useMeta();

  const header = <PageHeader title={t('settings.title')} description={t('settings.description')} />;
  if (meta.isPending) {
    return (
      <>
        {header}
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      </>
    );
  }
  if (meta.isError) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  const visible = SECTIONS.flatMap((entry) => {
    const entity = meta.data.find((candidate) => candidate.path === entry.path);
    return entity ? [{ ...entry, entity }] : [];
  });
  const current = visible.find((entry) => entry.path === section);
  if (!current) {
    const first = visible[0];
    if (first) return <Navigate to={`/settings/${first.path}`} replace />;
    return (
      <>
        {header}
        <Text c="dimmed">{t('settings.noAccess')}</Text>
      </>
    );
  }

  const Above = ABOVE_LIST[current.path];
  return (
    <>
      <PageHeader
        title={t('settings.title')}
        description={t('settings.description')}
        actions={<ListActions path={current.path} />}
      />
      <Tabs value={current.path} onChange={(value) => value && void navigate(`/settings/${value}`)} mb="md">
        <Tabs.List>
          {visible.map((entry) => (
            <Tabs.Tab key={entry.path} value={entry.path}>
              {label(entry.entity.labelPlural, language)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {Above && (
        <Suspense fallback={null}>
          <Above />
        </Suspense>
      )}
      <EntityList key={current.path} path={current.path} columns={current.columns} />
    </>
  );
}
