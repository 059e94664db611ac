import { Alert, Button, Center, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconTransform } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiClient, body } from '../../api/client';
import { ApiError, type FieldProblem } from '../../app/api';
import { ErrorState } from '../../app/error-state';
import { type Language, isLanguage } from '../../app/i18n';
import { type EntityMeta, useMeta } from '../../views/meta';
import { useProblemText } from '../../views/record/field-input';
import { recordHref } from '../../views/record/record-href';
import type { RecordData, RecordFieldMeta } from '../../views/record/record-types';
import { refreshAround } from '../../views/record/use-record';
import { type Duplicates, duplicatesOf } from '../../views/record/duplicates';
import { DuplicatesAlert, SimilarLeads } from './convert-alerts';
import {
  type ConversionPreview,
  type ConvertBody,
  type ConvertState,
  NONE,
  OPPORTUNITY_FIELDS,
  canConvert,
  candidatesOf,
  conversionRequest,
  duplicatePart,
  initialState,
  placeProblems,
  previewOf,
  withCandidates,
  withoutEdited,
} from './convert-request';
import { AddressSection, ContactSection, CustomerSection, OpportunitySection } from './convert-sections';
import { LEADS_PATH } from './lead-status';
import './texts';

async function convert(id: string, request: ConvertBody, allowDuplicates: boolean) {
  const query = allowDuplicates ? { duplicates: 'allow' as const } : {};
  const answer = await body(
    apiClient.POST('/api/v1/leads/{id}/convert', { params: { path: { id }, query }, body: request }),
  );
  return answer.data ?? {};
}

export interface ConvertDialogProps {
  lead: RecordData;
  onClose: () => void;
}

/**
 * Converting a lead (its own chunk, loaded when the dialog opens): what the server proposes to make from the
 * lead, with the customers and contacts it resembles to pick instead, and the other leads it resembles as a hint
 * to merge first. On success the lead's queries are refreshed and the user lands on the new customer, or on the
 * opportunity when no customer was made.
 */
export default function ConvertDialog({ lead, onClose }: ConvertDialogProps) {
  const { t, i18n } = useTranslation('leads');
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const meta = useMeta().data ?? [];
  const preview = useQuery({
    queryKey: ['lead-conversion', lead.id, lead.version],
    queryFn: async () =>
      previewOf(
        (await body(apiClient.GET('/api/v1/leads/{id}/conversion', { params: { path: { id: lead.id } } })))
          .data,
      ),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Group gap="xs">
          <IconTransform size={18} />
          <Text fw={600}>{t('convert.title')}</Text>
        </Group>
      }
    >
      {preview.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : preview.isError ? (
        <ErrorState
          error={preview.error}
          title={t('convert.loadFailed')}
          onRetry={() => void preview.refetch()}
        />
      ) : (
        <ConvertForm lead={lead} preview={preview.data} meta={meta} language={language} onClose={onClose} />
      )}
    </Modal>
  );
}

interface FormProps extends ConvertDialogProps {
  preview: ConversionPreview;
  meta: EntityMeta[];
  language: Language;
}

function ConvertForm({ lead, preview, meta, language, onClose }: FormProps) {
  const { t } = useTranslation('leads');
  const { t: common } = useTranslation();
  const message = useProblemText();
  const client = useQueryClient();
  const navigate = useNavigate();
  const entityOf = (name: string) => meta.find((entity) => entity.name === name);
  const opportunityEntity = entityOf('opportunity');
  const fields = useMemo(
    () =>
      OPPORTUNITY_FIELDS.flatMap(
        (name) =>
          (opportunityEntity?.fields.filter((field) => field.name === name) ?? []) as RecordFieldMeta[],
      ),
    [opportunityEntity],
  );
  const [state, setState] = useState<ConvertState>(() => initialState(preview, fields));
  const [candidates, setCandidates] = useState(preview.candidates);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<Error | null>(null);
  const [duplicates, setDuplicates] = useState<(Duplicates & { part: 'customer' | 'contact' }) | null>(null);
  const [saving, setSaving] = useState(false);
  const update = (change: Partial<ConvertState>) => {
    setState((previous) => ({ ...previous, ...change }));
    setDuplicates(null);
    // A problem goes once its input is edited; the others stay until the next try.
    setProblems((previous) => withoutEdited(previous, change, state));
  };
  const placed = placeProblems(problems);
  const leads = candidatesOf(candidates, 'lead');

  const submit = async (allowDuplicates: boolean) => {
    const request = conversionRequest(state, fields);
    setProblems(request.errors);
    setFailure(null);
    if (request.errors.length) return;
    setSaving(true);
    try {
      const result = await convert(lead.id, request.body, allowDuplicates);
      if (result.lead) refreshAround(client, LEADS_PATH, result.lead as RecordData);
      client.removeQueries({ queryKey: ['lead-conversion', lead.id] });
      notifications.show({ color: 'teal', message: t('convert.done') });
      onClose();
      const customerId = result.customer?.id;
      const opportunityId = result.opportunity?.id;
      if (customerId) void navigate(recordHref('customers', customerId));
      else if (opportunityId) void navigate(recordHref('opportunities', opportunityId));
    } catch (error) {
      const found = duplicatesOf(error);
      const fieldProblems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      if (found) {
        const part = duplicatePart(fieldProblems);
        setDuplicates({ ...found, part });
        setCandidates((previous) => withCandidates(previous, part, found.candidates));
      } else if (fieldProblems.length) {
        setProblems(fieldProblems);
      } else {
        setFailure(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md" data-testid="convert-dialog">
      <Text size="sm">{t('convert.intro', { lead: String(lead.title ?? '') })}</Text>
      {leads.length > 0 && <SimilarLeads leads={leads} />}
      <CustomerSection
        state={state}
        update={update}
        proposal={preview.customer}
        candidates={candidatesOf(candidates, 'customer')}
        customer={entityOf('customer')}
        meta={meta}
        language={language}
        problems={placed.customerName}
      />
      {state.customer === NONE ? (
        <Text size="sm" c="dimmed">
          {t('convert.onlyWithCustomer')}
        </Text>
      ) : (
        <>
          <ContactSection
            state={state}
            update={update}
            proposal={preview.contact}
            candidates={candidatesOf(candidates, 'contact')}
          />
          <AddressSection proposal={preview.address} language={language} />
        </>
      )}
      {fields.length > 0 && (
        <OpportunitySection
          state={state}
          update={update}
          fields={fields}
          meta={meta}
          language={language}
          problems={placed.opportunity}
        />
      )}
      {duplicates && (
        <DuplicatesAlert
          duplicates={duplicates}
          entity={entityOf(duplicates.part)}
          language={language}
          saving={saving}
          onUse={(id) => update(duplicates.part === 'customer' ? { customer: id } : { contact: id })}
          onCreateAnyway={() => void submit(true)}
        />
      )}
      {(failure || placed.general.length > 0) && (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('convert.failed')} role="alert">
          {failure && (
            <Text size="sm">{failure instanceof ApiError ? failure.message : common('errors.network')}</Text>
          )}
          <List size="sm">
            {placed.general.map((problem) => (
              <List.Item key={problem.field + problem.code}>
                {problem.field.startsWith('(')
                  ? t('convert.needOne')
                  : `${problem.field}: ${message(problem)}`}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        {!canConvert(state) && (
          <Text size="sm" c="dimmed" mr="auto">
            {t('convert.needOne')}
          </Text>
        )}
        <Button variant="default" onClick={onClose}>
          {t('convert.cancel')}
        </Button>
        <Button
          leftSection={<IconTransform size={16} />}
          loading={saving}
          disabled={!canConvert(state) || duplicates !== null}
          onClick={() => void submit(false)}
        >
          {t('convert.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
