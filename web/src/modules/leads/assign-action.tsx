/**
 * Assigning leads by the assignment rules (or to one user), for the lead pages to place: a button for one lead
 * (POST /leads/{id}/assign) and a button with a dialog for a selection or a filtered list (POST /leads/assign).
 * Rules and rep capacities themselves are edited in Settings.
 */
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserShare } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './texts';
import { apiClient, body } from '../../api/client';
import type { operations } from '../../api/openapi';
import { ApiError } from '../../app/api';
import { type EntityMeta, useMeta } from '../../views/meta';
import type { RecordData } from '../../views/record/record-types';
import { refreshAround } from '../../views/record/use-record';

// Bulk assignment is rare next to opening a list: its dialog arrives when it opens.
const BulkAssignModal = lazy(() => import('./bulk-assign-modal'));

export type BulkAssignResult =
  operations['bulkAssignLeads']['responses'][200]['content']['application/json']['data'];

/** The most leads one bulk request assigns (the server's limit). */
export const MAX_BULK_ASSIGN = 10_000;

/** Whether the user's role may assign in bulk: it may change assignment rules (managers, administrators). */
export function canBulkAssign(meta: EntityMeta[] | undefined): boolean {
  const rules = meta?.find((entity) => entity.name === 'assignmentRule');
  return Boolean(rules?.permissions.update);
}

/** What went wrong, in the user's words: 409 says why no rule placed the lead, else the server's detail. */
export function useFailure() {
  const { t } = useTranslation('leads');
  const { t: tApp } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return tApp('errors.network');
    const reason = (error.problem as { reason?: string }).reason;
    if (reason === 'no_rule') return t('assign.noRule');
    if (reason === 'nobody_available') return t('assign.nobodyAvailable');
    return error.message;
  };
}

/** Runs the rules for one lead; the record, lists and history show the new owner at once. */
export function useAssignLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await body(apiClient.POST('/api/v1/leads/{id}/assign', { params: { path: { id } } }))).data,
    onSuccess: (data) => refreshAround(client, 'leads', data.lead as RecordData),
  });
}

/** "Assign" on a lead's page: the rules pick the rep; a notice says which rule, or why none could. */
export function AssignLeadButton({ leadId, onAssigned }: { leadId: string; onAssigned?: () => void }) {
  const { t } = useTranslation('leads');
  const assign = useAssignLead();
  const failure = useFailure();
  return (
    <Button
      variant="default"
      leftSection={<IconUserShare size={16} />}
      loading={assign.isPending}
      title={t('assign.hint')}
      onClick={() =>
        assign.mutate(leadId, {
          onSuccess: ({ assignment }) => {
            notifications.show({
              color: 'teal',
              message: assignment.changed
                ? t('assign.done', { rule: assignment.ruleName })
                : t('assign.unchanged', { rule: assignment.ruleName }),
            });
            onAssigned?.();
          },
          onError: (error) =>
            notifications.show({ color: 'red', title: t('assign.failed'), message: failure(error) }),
        })
      }
    >
      {t('assign.button')}
    </Button>
  );
}

export interface BulkAssignProps {
  /** The selected leads; or `filter`, the list's filters as its URL spells them (`filter[status][in]`). */
  ids?: string[];
  filter?: Record<string, string | string[]>;
  /** How many leads that is, for the dialog's title. */
  count: number;
  onDone?: (result: BulkAssignResult) => void;
}

/** "Assign" for a selection or a filtered list; shown only to roles that may assign in bulk. */
export function BulkAssignButton(props: BulkAssignProps) {
  const { t } = useTranslation('leads');
  const meta = useMeta();
  const [opened, setOpened] = useState(false);
  if (!canBulkAssign(meta.data)) return null;
  return (
    <>
      <Button
        variant="light"
        size="xs"
        leftSection={<IconUserShare size={16} />}
        disabled={props.count === 0}
        onClick={() => setOpened(true)}
      >
        {t('assign.bulk.button')}
      </Button>
      {opened && (
        <Suspense>
          <BulkAssignModal {...props} opened onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
