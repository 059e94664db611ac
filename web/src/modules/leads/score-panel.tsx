/**
 * The lead's score on its record page: score, grade, learned probability, and why — the rules that gave points
 * (they add up to the score) and the lead's values the probability rests on. It shows what the current rules give;
 * the stored score catches up within moments when rules change.
 */
import { Badge, Center, Group, Loader, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import './texts';
import { apiClient, body } from '../../api/client';
import type { components } from '../../api/openapi';
import { ErrorState } from '../../app/error-state';
import { currentLanguage } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { useRecord } from '../../views/record/use-record';

export type ScoreExplanation = components['schemas']['LeadScoreExplanation'];

const GRADE_COLOURS: Record<string, string> = { A: 'teal', B: 'blue', C: 'yellow', D: 'gray' };

export const scoreKey = (leadId: string, version: unknown) => ['leads', leadId, 'score', version] as const;

/**
 * The explanation, asked again whenever the lead's version changes: the record page's writes put the new record
 * into the shared cache, so the panel follows every edit without the page knowing about it.
 */
export function useLeadScore(leadId: string) {
  const version = (useRecord('leads', leadId).data?.version as number | undefined) ?? null;
  return useQuery({
    queryKey: scoreKey(leadId, version),
    queryFn: async () =>
      (await body(apiClient.GET('/api/v1/leads/{id}/score', { params: { path: { id: leadId } } }))).data,
    placeholderData: keepPreviousData,
  });
}

export function ScorePanel({ leadId }: { leadId: string }) {
  const { t } = useTranslation('leads');
  const score = useLeadScore(leadId);
  return (
    <Paper withBorder p="md" radius="md" data-testid="lead-score-panel">
      <Title order={3} size="h4" mb="sm">
        {t('score.title')}
      </Title>
      {score.isPending ? (
        <Center py="md">
          <Loader size="sm" />
        </Center>
      ) : score.isError ? (
        <ErrorState error={score.error} onRetry={() => void score.refetch()} />
      ) : (
        <ScoreDetails explanation={score.data} />
      )}
    </Paper>
  );
}

function ScoreDetails({ explanation }: { explanation: ScoreExplanation }) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const { score, grade, thresholds, probability } = explanation;
  return (
    <Stack gap="md">
      <Group gap="xl" align="flex-end">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('score.points')}
          </Text>
          <Text fz={32} fw={700} lh={1} data-testid="lead-score">
            {format.number(score)}
          </Text>
        </Stack>
        <Tooltip label={t('score.thresholds', thresholds)}>
          <Badge size="xl" color={GRADE_COLOURS[grade] ?? 'gray'} aria-label={t('score.grade', { grade })}>
            {grade}
          </Badge>
        </Tooltip>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('score.probability')}
          </Text>
          <Text fz="xl" fw={600} lh={1.2}>
            {probability === null ? '—' : format.percent(probability)}
          </Text>
        </Stack>
      </Group>
      <RuleList explanation={explanation} />
      <FeatureList explanation={explanation} />
    </Stack>
  );
}

function RuleList({ explanation }: { explanation: ScoreExplanation }) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const language = currentLanguage();
  if (explanation.rules.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('score.noRules')}
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {t('score.why')}
      </Text>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {explanation.rules.map((rule) => {
            const last = rule.events?.[0]?.occurredAt;
            return (
              <Table.Tr key={rule.ruleId}>
                <Table.Td w={72}>
                  <Badge variant="light" color={rule.points < 0 ? 'red' : 'teal'}>
                    {rule.points > 0 ? '+' : ''}
                    {format.number(rule.points)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{rule.reason[language]}</Text>
                  <Text size="xs" c="dimmed">
                    {rule.name}
                    {last && ` · ${t('score.lastEvent', { date: format.dateTime(last) })}`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function FeatureList({ explanation }: { explanation: ScoreExplanation }) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const language = currentLanguage();
  const { model, features } = explanation;
  if (!model) {
    return (
      <Text size="sm" c="dimmed">
        {t('score.untrained')}
      </Text>
    );
  }
  if (!model.used) {
    return (
      <Text size="sm" c="dimmed">
        {t('score.notEnoughHistory', model)}
      </Text>
    );
  }
  // Largest effect first, whichever way it points.
  const sorted = [...features].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {t('score.basis')}
      </Text>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {sorted.map((feature) => (
            <Table.Tr key={feature.feature}>
              <Table.Td>
                <Text size="sm">{feature.label[language]}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{feature.valueLabel[language]}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Tooltip label={t('score.factorHint')}>
                  <Text size="sm" c={feature.contribution < 0 ? 'red' : 'teal'}>
                    ×{format.number(Math.exp(feature.contribution), { maximumFractionDigits: 2 })}
                  </Text>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('score.trained', {
          won: model.won,
          lost: model.lost,
          date: format.dateTime(model.trainedAt),
        })}
      </Text>
    </Stack>
  );
}
