import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileInvoice } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, reasonOf } from '../../app/api';
import { useMeta } from '../../views/meta';
import { recordHref } from '../../views/record/record-href';
import type { RecordData } from '../../views/record/record-types';
import { refreshAround } from '../../views/record/use-record';
import './texts';

/**
 * A draft quotation from an opportunity (its party, currency and products of interest), opened at once; only for
 * those who may make quotations, and not for a lost opportunity (the server would refuse it).
 */
export default function MakeQuotationButton({ opportunity }: { opportunity: RecordData }) {
  const { t } = useTranslation('sales');
  const client = useQueryClient();
  const navigate = useNavigate();
  const quotations = useMeta().data?.find((entity) => entity.path === 'quotations');
  const make = useMutation({
    mutationFn: async () =>
      (await api<{ data: RecordData }>('POST', '/api/v1/quotations', { opportunityId: opportunity.id })).data,
    onSuccess: (quotation) => {
      refreshAround(client, 'quotations', quotation);
      void navigate(recordHref('quotations', quotation.id));
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('actions.refused'), message: reasonOf(error) }),
  });
  if (!quotations?.permissions.create || opportunity.status === 'lost') return null;
  return (
    <Button
      variant="default"
      leftSection={<IconFileInvoice size={16} />}
      loading={make.isPending}
      onClick={() => make.mutate()}
    >
      {t('actions.makeQuotation')}
    </Button>
  );
}
