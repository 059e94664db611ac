import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconCopy,
  IconFileDownload,
  IconFileTypePdf,
  IconThumbDown,
  IconTruck,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, reasonOf } from '../../app/api';
import { recordHref } from '../../views/record/record-href';
import type { RecordData } from '../../views/record/record-types';
import { recordKey, refreshAround } from '../../views/record/use-record';
import './texts';

export type DocumentPath = 'quotations' | 'sales-orders';
type Action = 'submit' | 'cancel' | 'amend' | 'make-sales-order';

/** Where an action's answer lives: amend makes a quotation, make-sales-order an order; the others change this one. */
const MADE: Partial<Record<Action, DocumentPath>> = {
  amend: 'quotations',
  'make-sales-order': 'sales-orders',
};
const IN_PLAY = ['open', 'replied', 'partially_ordered'];

const PdfPreviewDialog = lazy(() => import('./pdf-preview-dialog'));

/**
 * The actions of a quotation or sales order for its status, sent with the version the page read: submit a draft,
 * hold, complete, close or resume a submitted order, cancel a submitted document, amend a cancelled quotation,
 * make an order of an open one, declare it lost (the dialog is the opportunity's), and its PDF to preview or
 * download. A refusal shows the server's words.
 */
export function DocumentActions(props: { path: DocumentPath; record: RecordData; onLose: () => void }) {
  const { path, record, onLose } = props;
  const { t } = useTranslation('sales');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [previewing, setPreviewing] = useState(false);
  const number = String(record.number);
  const act = useMutation({
    mutationFn: async (action: Action) =>
      (
        await api<{ data: RecordData }>(
          'POST',
          `/api/v1/${path}/${encodeURIComponent(record.id)}/${action}`,
          {
            ...(action === 'make-sales-order' ? {} : { version: record.version }),
          },
        )
      ).data,
    onSuccess: (saved, action) => {
      const made = MADE[action];
      if (made) {
        refreshAround(client, made, saved);
        void navigate(recordHref(made, saved.id));
        return;
      }
      refreshAround(client, path, saved);
      if (action === 'submit' || action === 'cancel') {
        notifications.show({ color: 'teal', message: t(`actions.done.${action}`, { number }) });
      }
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('actions.refused'), message: reasonOf(error) }),
    onSettled: () => void client.invalidateQueries({ queryKey: recordKey(path, record.id) }),
  });
  const button = (action: Action, label: string, icon: React.ReactNode, color?: string) => (
    <Button
      key={action}
      variant={color ? 'filled' : 'default'}
      color={color}
      leftSection={icon}
      loading={act.isPending && act.variables === action}
      disabled={act.isPending}
      onClick={() => {
        if (action === 'cancel' && !window.confirm(t('actions.confirmCancel', { number }))) return;
        act.mutate(action);
      }}
    >
      {label}
    </Button>
  );
  const setStatus = useMutation({
    mutationFn: async (wanted: string) =>
      (
        await api<{ data: RecordData }>('PATCH', `/api/v1/${path}/${encodeURIComponent(record.id)}`, {
          status: wanted,
          version: record.version,
        })
      ).data,
    onSuccess: (saved) => refreshAround(client, path, saved),
    onError: (error) =>
      notifications.show({ color: 'red', title: t('actions.refused'), message: reasonOf(error) }),
    onSettled: () => void client.invalidateQueries({ queryKey: recordKey(path, record.id) }),
  });
  const statusButton = (wanted: string, label: string) => (
    <Button
      key={wanted}
      variant="default"
      loading={setStatus.isPending && setStatus.variables === wanted}
      disabled={setStatus.isPending}
      onClick={() => setStatus.mutate(wanted)}
    >
      {label}
    </Button>
  );
  const status = String(record.status);
  const submitted = status !== 'draft' && status !== 'cancelled';
  const pdf = `/api/v1/quotations/${encodeURIComponent(record.id)}/pdf`;
  return (
    <Group gap="xs" wrap="wrap">
      {status === 'draft' && button('submit', t('actions.submit'), <IconCheck size={16} />, 'blue')}
      {path === 'quotations' &&
        IN_PLAY.includes(status) &&
        button('make-sales-order', t('actions.makeOrder'), <IconTruck size={16} />, 'teal')}
      {path === 'quotations' && (status === 'open' || status === 'replied') && (
        <Button variant="light" color="red" leftSection={<IconThumbDown size={16} />} onClick={onLose}>
          {t('actions.declareLost')}
        </Button>
      )}
      {path === 'sales-orders' &&
        status === 'to_deliver_and_bill' && [
          statusButton('on_hold', t('actions.hold')),
          statusButton('completed', t('actions.complete')),
          statusButton('closed', t('actions.close')),
        ]}
      {path === 'sales-orders' &&
        status === 'on_hold' &&
        statusButton('to_deliver_and_bill', t('actions.resume'))}
      {submitted && button('cancel', t('actions.cancel'), <IconX size={16} />)}
      {path === 'quotations' &&
        status === 'cancelled' &&
        button('amend', t('actions.amend'), <IconCopy size={16} />)}
      {path === 'quotations' && (
        <>
          <Button
            variant="default"
            leftSection={<IconFileTypePdf size={16} />}
            onClick={() => setPreviewing(true)}
          >
            {t('actions.pdf')}
          </Button>
          {previewing && (
            <Suspense fallback={null}>
              <PdfPreviewDialog record={record} onClose={() => setPreviewing(false)} />
            </Suspense>
          )}
          <Button
            component="a"
            href={`${pdf}?download=true`}
            variant="subtle"
            leftSection={<IconFileDownload size={16} />}
          >
            {t('actions.download')}
          </Button>
        </>
      )}
    </Group>
  );
}
