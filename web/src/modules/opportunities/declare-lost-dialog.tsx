import { Alert, Button, Group, Modal, MultiSelect, Stack, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, get } from '../../app/api';
import type { Language } from '../../app/i18n';
import { localName } from '../../views/meta';
import type { Card } from './board-state';
import './texts';

interface Named {
  id: string;
  name: string;
  nameDe?: string | null;
}

// Lost reasons are named in both languages; a competitor's name is the same in both.
const options = async (path: string, fields: string) =>
  (await get<{ data: Named[] }>(`/api/v1/${path}?fields=${fields}&sort=name&limit=200`)).data;

interface DeclareLostDialogProps {
  card: Card;
  /** The API path of what is declared lost: an opportunity (the default) or a quotation. */
  path?: 'opportunities' | 'quotations';
  language: Language;
  onClose: () => void;
  onDeclared: () => void;
}

/**
 * Dropping a card into "Lost" asks why: one or more lost reasons (required), a detail and the competitors that
 * won, sent as POST …/declare-lost (of an opportunity or a quotation). The server's refusal (an open quotation, an
 * order, a change meanwhile) shows here.
 */
export default function DeclareLostDialog(props: DeclareLostDialogProps) {
  const { card, language, onClose, onDeclared, path = 'opportunities' } = props;
  const { t } = useTranslation('opportunities');
  const reasons = useQuery({
    queryKey: ['lost-reasons', 'options'],
    queryFn: () => options('lost-reasons', 'id,name,nameDe'),
  });
  const competitors = useQuery({
    queryKey: ['competitors', 'options'],
    queryFn: () => options('competitors', 'id,name'),
  });
  const [reasonIds, setReasonIds] = useState<string[]>([]);
  const [competitorIds, setCompetitorIds] = useState<string[]>([]);
  const [detail, setDetail] = useState('');
  const [missing, setMissing] = useState(false);
  const declare = useMutation({
    mutationFn: () =>
      api('POST', `/api/v1/${path}/${card.id}/declare-lost`, {
        lostReasonIds: reasonIds,
        competitorIds,
        ...(detail.trim() ? { lostDetail: detail.trim() } : {}),
        version: card.version,
      }),
    onSuccess: onDeclared,
  });
  const named = (rows: Named[] | undefined) =>
    (rows ?? []).map((row) => ({ value: row.id, label: localName(row, language) }));
  const problem = declare.error instanceof ApiError ? declare.error : null;
  return (
    <Modal opened onClose={onClose} title={t('lost.title', { title: card.title })} centered>
      <Stack data-testid="declare-lost-dialog">
        <MultiSelect
          label={t('lost.reasons')}
          data={named(reasons.data)}
          value={reasonIds}
          onChange={(value) => {
            setReasonIds(value);
            setMissing(false);
          }}
          required
          searchable
          error={missing ? t('lost.reasonsRequired') : undefined}
        />
        <Textarea
          label={t('lost.detail')}
          value={detail}
          onChange={(event) => setDetail(event.currentTarget.value)}
        />
        <MultiSelect
          label={t('lost.competitors')}
          data={named(competitors.data)}
          value={competitorIds}
          onChange={setCompetitorIds}
          searchable
        />
        {declare.error && (
          <Alert color="red" title={t('lost.failed')}>
            {problem?.problem.errors?.map((error) => error.message).join(' ') || declare.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('lost.cancel')}
          </Button>
          <Button
            color="red"
            loading={declare.isPending}
            onClick={() => (reasonIds.length === 0 ? setMissing(true) : declare.mutate())}
          >
            {t('lost.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
