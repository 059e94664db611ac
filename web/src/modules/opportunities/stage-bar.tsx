import { Button, Group, Loader } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, reasonOf } from '../../app/api';
import type { Language } from '../../app/i18n';
import { localName } from '../../views/meta';
import { recordKey, refreshAround } from '../../views/record/use-record';
import type { RecordData } from '../../views/record/record-types';
import './texts';

export const OPPORTUNITIES_PATH = 'opportunities';

export interface Stage {
  id: string;
  name: string;
  nameDe: string | null;
  kind: 'open' | 'won' | 'lost';
  position: number | null;
  probability: string | number;
}

/** The stages of a pipeline in their order (the bar's steps). */
export function useStages(pipelineId: string | undefined) {
  return useQuery({
    queryKey: ['pipeline-stages', 'of', pipelineId],
    enabled: Boolean(pipelineId),
    queryFn: async () => {
      const params = new URLSearchParams({
        'filter[pipelineId][eq]': pipelineId ?? '',
        sort: 'position',
        fields: 'id,name,nameDe,kind,position,probability',
        limit: '100',
      });
      return (await get<{ data: Stage[] }>(`/api/v1/pipeline-stages?${params}`)).data;
    },
  });
}

export type Outcome =
  { action: 'move'; stageId: string } | { action: 'mark-won' } | { action: 'reopen'; stageId?: string };

/**
 * A move to a stage, mark won or reopen of one opportunity, with the version the page read. Afterwards the page,
 * the lists and the board show what the server holds; a refusal says why in a red notification.
 */
export function useOutcome(record: RecordData) {
  const { t } = useTranslation('opportunities');
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (outcome: Outcome) => {
      const { action, ...body } = outcome;
      return (
        await api<{ data: RecordData }>(
          'POST',
          `/api/v1/${OPPORTUNITIES_PATH}/${encodeURIComponent(record.id)}/${action}`,
          { ...body, version: record.version },
        )
      ).data;
    },
    onSuccess: (saved) => refreshAround(client, OPPORTUNITIES_PATH, saved),
    onError: (error) => {
      notifications.show({ color: 'red', title: t('record.refused'), message: reasonOf(error) });
    },
    // Someone may have changed it meanwhile (a stale version): the page shows the server's record either way.
    onSettled: () => {
      void client.invalidateQueries({ queryKey: recordKey(OPPORTUNITIES_PATH, record.id) });
      void client.invalidateQueries({ queryKey: ['board'] });
    },
  });
}

const CHEVRON = 12;

/** An arrow-shaped step, as Odoo draws its status bar: notched on the left (but the first), pointed on the right. */
function stepStyle(first: boolean, last: boolean): CSSProperties {
  const right = last
    ? '100% 0, 100% 100%'
    : `calc(100% - ${CHEVRON}px) 0, 100% 50%, calc(100% - ${CHEVRON}px) 100%`;
  const left = first ? '0 100%, 0 0' : `0 100%, ${CHEVRON}px 50%, 0 0`;
  return {
    clipPath: `polygon(${left}, ${right})`,
    marginLeft: first ? 0 : -CHEVRON + 3,
    paddingLeft: first ? 14 : 14 + CHEVRON,
    paddingRight: 14 + (last ? 0 : CHEVRON),
    borderRadius: first ? 'var(--mantine-radius-sm) 0 0 var(--mantine-radius-sm)' : 0,
  };
}

interface StageBarProps {
  record: RecordData;
  language: Language;
  /** The user may change the opportunity (and it is not in the trash). */
  editable: boolean;
  /** The lost stage was clicked: ask for the reasons. */
  onLose: () => void;
}

/**
 * The opportunity's pipeline as a row of steps: the current stage highlighted, the open stages before it marked as
 * passed. A click moves the opportunity into that stage (the won stage wins it, an open stage reopens a decided
 * one); the lost stage asks for the reasons first.
 */
export function StageBar({ record, language, editable, onLose }: StageBarProps) {
  const { t } = useTranslation('opportunities');
  const pipelineId = typeof record.pipelineId === 'string' ? record.pipelineId : undefined;
  const stages = useStages(pipelineId);
  const outcome = useOutcome(record);
  if (stages.isPending && pipelineId) return <Loader size="xs" />;
  const list = stages.data ?? [];
  const currentIndex = list.findIndex((stage) => stage.id === record.stageId);
  const current = list[currentIndex];
  return (
    <Group
      gap={0}
      style={{ rowGap: 4 }}
      wrap="wrap"
      role="group"
      aria-label={t('record.stages')}
      data-testid="stage-bar"
    >
      {list.map((stage, index) => {
        const isCurrent = index === currentIndex;
        const passed =
          !isCurrent && index < currentIndex && stage.kind === 'open' && current?.kind !== 'lost';
        const colour = stage.kind === 'won' ? 'teal' : stage.kind === 'lost' ? 'red' : 'blue';
        return (
          <Button
            key={stage.id}
            size="sm"
            radius={0}
            color={isCurrent ? colour : passed ? 'blue' : 'gray'}
            variant={isCurrent ? 'filled' : 'light'}
            c={isCurrent ? undefined : passed ? 'blue.8' : 'dark.3'}
            style={stepStyle(index === 0, index === list.length - 1)}
            aria-pressed={isCurrent}
            aria-current={isCurrent ? 'step' : undefined}
            data-stage={stage.name}
            data-state={isCurrent ? 'current' : passed ? 'passed' : 'ahead'}
            disabled={!editable && !isCurrent}
            loading={
              outcome.isPending &&
              outcome.variables?.action === 'move' &&
              outcome.variables.stageId === stage.id
            }
            onClick={() => {
              if (!editable || isCurrent || outcome.isPending) return;
              if (stage.kind === 'lost') onLose();
              else outcome.mutate({ action: 'move', stageId: stage.id });
            }}
          >
            {localName(stage, language)}
          </Button>
        );
      })}
    </Group>
  );
}

/**
 * Beside the record's other actions: mark won and mark lost while it is open, reopen once it is won or lost.
 */
export function OutcomeButtons({ record, onLose }: { record: RecordData; onLose: () => void }) {
  const { t } = useTranslation('opportunities');
  const outcome = useOutcome(record);
  const busy = outcome.isPending ? outcome.variables?.action : undefined;
  const decided = record.status === 'converted' || record.status === 'lost';
  if (decided) {
    return (
      <Button
        variant="default"
        leftSection={<IconArrowBackUp size={16} />}
        loading={busy === 'reopen'}
        onClick={() => outcome.mutate({ action: 'reopen' })}
      >
        {t('record.reopen')}
      </Button>
    );
  }
  return (
    <>
      <Button
        color="teal"
        leftSection={<IconTrophy size={16} />}
        loading={busy === 'mark-won'}
        disabled={outcome.isPending}
        onClick={() => outcome.mutate({ action: 'mark-won' })}
      >
        {t('record.markWon')}
      </Button>
      <Button
        variant="light"
        color="red"
        leftSection={<IconThumbDown size={16} />}
        disabled={outcome.isPending}
        onClick={onLose}
      >
        {t('record.markLost')}
      </Button>
    </>
  );
}
