import {
  Alert,
  Anchor,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../app/error-state';
import { isLanguage } from '../../app/i18n';
import { PageHeader } from '../../app/page-header';
import { useFormat } from '../../app/use-format';
import { fetchPipelines } from './board-api';
import {
  type ForecastGroup,
  type ForecastQuery,
  fetchAccuracy,
  fetchForecast,
  thisMonth,
} from './forecast-api';
import { AccuracyTable, ForecastTable } from './forecast-tables';
import { monthIndex, monthOf } from '../../../../src/shared/months';
import './texts';

const SPANS = ['3', '6', '12'];
const GROUPS: ForecastGroup[] = ['owner', 'team', 'pipeline'];
const WEEKS_BEFORE = [0, 1, 2, 4];

/** The choices live in the address, so a forecast can be bookmarked and shared. */
function useForecastQuery() {
  const [search, setSearch] = useSearchParams();
  const groupBy = search.get('groupBy');
  const span = SPANS.includes(search.get('months') ?? '') ? Number(search.get('months')) : 3;
  const from = /^[0-9]{4}-[0-9]{2}$/.test(search.get('from') ?? '')
    ? (search.get('from') as string)
    : thisMonth();
  const query: ForecastQuery = {
    from,
    to: monthOf(monthIndex(from) + span - 1),
    groupBy: GROUPS.includes(groupBy as ForecastGroup) ? (groupBy as ForecastGroup) : 'owner',
    pipelineId: search.get('pipelineId'),
  };
  const weeksBefore = WEEKS_BEFORE.includes(Number(search.get('weeksBefore')))
    ? Number(search.get('weeksBefore'))
    : 0;
  const set = (key: string, value: string | null) =>
    setSearch((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  return { query, span, weeksBefore, set };
}

/**
 * The forecast: month by month what each owner, team or pipeline has closed, committed, as best case and in the
 * pipeline, weighted, against quotas; below it, how the past months' forecasts compared with what was won.
 */
export default function ForecastPage() {
  const { t, i18n } = useTranslation('opportunities');
  const { t: app } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const format = useFormat();
  const { query, span, weeksBefore, set } = useForecastQuery();
  const pipelines = useQuery({ queryKey: ['pipelines', 'active'], queryFn: fetchPipelines });
  const forecast = useQuery({ queryKey: ['forecast', query], queryFn: () => fetchForecast(query) });
  // Accuracy looks back: the three months before the forecast's first.
  const past = {
    ...query,
    from: monthOf(monthIndex(query.from) - 3),
    to: monthOf(monthIndex(query.from) - 1),
  };
  const accuracy = useQuery({
    queryKey: ['forecast-accuracy', past, weeksBefore],
    queryFn: () => fetchAccuracy(past, weeksBefore),
  });
  const monthChoices = Array.from({ length: 25 }, (_, i) => monthOf(monthIndex(thisMonth()) - 12 + i)).map(
    (month) => ({
      value: month,
      label: new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-US', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${month}-01T00:00:00Z`)),
    }),
  );
  const pipelineChoices = [
    { value: '', label: t('forecast.allPipelines') },
    ...(pipelines.data ?? []).map((pipeline) => ({
      value: pipeline.id,
      label: language === 'de' && pipeline.nameDe ? pipeline.nameDe : pipeline.name,
    })),
  ];

  return (
    <>
      <PageHeader
        title={app('nav.forecast')}
        description={t('forecast.description')}
        actions={
          <Anchor component={Link} to="/settings/sales-quotas" size="sm">
            {t('forecast.quotas')}
          </Anchor>
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t('forecast.pipeline')}
          data={pipelineChoices}
          value={query.pipelineId ?? ''}
          allowDeselect={false}
          onChange={(value) => set('pipelineId', value || null)}
        />
        <Select
          label={t('forecast.from')}
          data={monthChoices}
          value={query.from}
          allowDeselect={false}
          onChange={(value) => set('from', value)}
        />
        <Select
          label={t('forecast.months')}
          data={SPANS}
          value={String(span)}
          allowDeselect={false}
          w={100}
          onChange={(value) => set('months', value)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('forecast.groupBy')}
          </Text>
          <SegmentedControl
            data-testid="forecast-group"
            data={GROUPS.map((group) => ({ value: group, label: t(`forecast.${group}`) }))}
            value={query.groupBy}
            onChange={(value) => set('groupBy', value)}
          />
        </Stack>
      </Group>
      {forecast.isPending && (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      )}
      {forecast.isError && <ErrorState error={forecast.error} onRetry={() => void forecast.refetch()} />}
      {forecast.data && (
        <Stack gap="sm">
          {forecast.data.undated > 0 && (
            <Alert color="yellow">
              {t('forecast.undated', { count: forecast.data.undated, n: forecast.data.undated })}
            </Alert>
          )}
          {forecast.data.rows.length === 0 ? (
            <Text c="dimmed">{t('forecast.empty')}</Text>
          ) : (
            <ForecastTable
              forecast={forecast.data}
              groupBy={query.groupBy}
              language={language}
              format={format}
            />
          )}
          <Text size="xs" c="dimmed">
            {t('forecast.legend')}
          </Text>
        </Stack>
      )}

      <Group justify="space-between" align="flex-end" mt="xl" mb="sm">
        <Stack gap={4}>
          <Title order={2} size="h3">
            {t('forecast.accuracy')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('forecast.accuracyDescription')}
          </Text>
        </Stack>
        <Select
          label={t('forecast.weeksBefore')}
          data={WEEKS_BEFORE.map((weeks) => ({
            value: String(weeks),
            label: weeks === 0 ? t('forecast.asOfStart') : t('forecast.asOfWeeks', { count: weeks }),
          }))}
          value={String(weeksBefore)}
          allowDeselect={false}
          w={300}
          onChange={(value) => set('weeksBefore', value === '0' ? null : value)}
        />
      </Group>
      {accuracy.isError && <ErrorState error={accuracy.error} onRetry={() => void accuracy.refetch()} />}
      {accuracy.data &&
        (accuracy.data.rows.length === 0 ? (
          <Text c="dimmed">{t('forecast.noSnapshots')}</Text>
        ) : (
          <AccuracyTable
            accuracy={accuracy.data}
            groupBy={query.groupBy}
            language={language}
            format={format}
          />
        ))}
    </>
  );
}
