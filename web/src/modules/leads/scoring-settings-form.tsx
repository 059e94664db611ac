/**
 * Grade thresholds and the history the learned probability needs, with "train now". The rules themselves are
 * records edited in the generic settings list (lead-scoring-rules); these few numbers are one settings row.
 */
import {
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './texts';
import { apiClient, body } from '../../api/client';
import type { components } from '../../api/openapi';
import { ApiError } from '../../app/api';
import { ErrorState } from '../../app/error-state';

type Settings = components['schemas']['LeadScoringSettings'];
type Input = Omit<Settings, 'updatedAt'>;
const FIELDS = ['gradeA', 'gradeB', 'gradeC', 'minWon', 'minLost'] as const;
const SETTINGS_KEY = ['lead-scoring', 'settings'] as const;

export function ScoringSettingsForm() {
  const { t } = useTranslation('leads');
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: async () => (await body(apiClient.GET('/api/v1/lead-scoring/settings'))).data,
  });
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h4">
        {t('score.settings.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('score.settings.description')}
      </Text>
      {settings.isPending ? (
        <Center py="md">
          <Loader size="sm" />
        </Center>
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsFields key={settings.data.updatedAt} initial={settings.data} />
      )}
    </Paper>
  );
}

function SettingsFields({ initial }: { initial: Settings }) {
  const { t } = useTranslation('leads');
  const client = useQueryClient();
  const [values, setValues] = useState<Input>(() => {
    const { updatedAt: _updatedAt, ...rest } = initial;
    return rest;
  });
  const save = useMutation({
    mutationFn: async (input: Input) =>
      (await body(apiClient.PUT('/api/v1/lead-scoring/settings', { body: input }))).data,
    onSuccess: (data) => {
      client.setQueryData(SETTINGS_KEY, data);
      // Grades and probabilities change as the background pass reaches each lead.
      void client.invalidateQueries({ queryKey: ['leads'] });
      notifications.show({ color: 'teal', message: t('score.settings.saved') });
    },
  });
  const train = useMutation({
    mutationFn: async () => (await body(apiClient.POST('/api/v1/lead-scoring/train'))).data,
    onSuccess: (model) => {
      void client.invalidateQueries({ queryKey: ['leads'] });
      notifications.show({ color: 'teal', message: t('score.settings.trained', model) });
    },
  });
  const problems = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const errorOf = (field: string) => {
    const problem = problems.find((p) => p.field === field);
    if (!problem) return undefined;
    return problem.code === 'order' ? t('score.settings.order') : problem.message;
  };
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {FIELDS.map((field) => (
          <NumberInput
            key={field}
            label={t(`score.settings.${field}`)}
            value={values[field]}
            allowDecimal={false}
            allowNegative={field.startsWith('grade')}
            min={field.startsWith('min') ? 1 : undefined}
            error={errorOf(field)}
            onChange={(value) => setValues((current) => ({ ...current, [field]: Number(value) || 0 }))}
          />
        ))}
      </SimpleGrid>
      {save.error && problems.length === 0 && <ErrorState error={save.error} />}
      <Group>
        <Button loading={save.isPending} onClick={() => save.mutate(values)}>
          {t('score.settings.save')}
        </Button>
        <Button variant="light" loading={train.isPending} onClick={() => train.mutate()}>
          {t('score.settings.train')}
        </Button>
      </Group>
      {train.error && <ErrorState error={train.error} />}
    </Stack>
  );
}
