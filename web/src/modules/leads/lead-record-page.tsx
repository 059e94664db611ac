import { Button } from '@mantine/core';
import { IconTransform } from '@tabler/icons-react';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { useMeta } from '../../views/meta';
import type { FieldOverrides } from '../../views/record/record-form';
import { EntityRecordRoute } from '../../views/record/record-route';
import { RelatedLists } from '../../views/record/related-list';
import { CHAIN } from '../sales/chain-lists';
import type { RecordData } from '../../views/record/record-types';
import { AssignLeadButton } from './assign-action';
import { CONVERTED, LEADS_PATH } from './lead-status';
import { LeadStatusBar, StatusInput } from './lead-status-bar';
import { ScorePanel } from './score-panel';
import './texts';

// Opened on a click, and heavier than the page around it: its own chunk.
const ConvertDialog = lazy(() => import('./convert-dialog'));

/** The status offers what a user may set; a status the server refuses comes back with its reason. */
const OVERRIDES: FieldOverrides = {
  status: { render: (props) => <StatusInput {...props} />, revertRefused: true },
};

/** What became of the lead: its opportunities, quotations and orders with their statuses. */
const LEAD_CHAIN = [CHAIN.opportunities, CHAIN.quotations, CHAIN.salesOrders];

function ConvertButton({ record, onConvert }: { record: RecordData; onConvert: () => void }) {
  const { t } = useTranslation('leads');
  const entity = useMeta().data?.find((candidate) => candidate.path === LEADS_PATH);
  // A lead converted into a customer is history; one that only became an opportunity may still get a customer.
  if (record.deletedAt || record.status === CONVERTED || !entity?.permissions.update) return null;
  return (
    <Button leftSection={<IconTransform size={16} />} onClick={onConvert}>
      {t('convert.button')}
    </Button>
  );
}

/**
 * A lead: the generic record page with the lead's status, consent and qualification under its title, the status
 * choice limited to what a user may set, and conversion into a customer, contact and opportunity.
 */
export default function LeadRecordPage() {
  const { id } = useParams();
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const [converting, setConverting] = useState<RecordData | null>(null);
  return (
    <>
      <EntityRecordRoute
        path={LEADS_PATH}
        id={id}
        overrides={OVERRIDES}
        headline={(record, entity) => <LeadStatusBar record={record} entity={entity} language={language} />}
        actions={(record) => (
          <>
            {!record.deletedAt && <AssignLeadButton leadId={record.id} />}
            <ConvertButton record={record} onConvert={() => setConverting(record)} />
          </>
        )}
        aside={(record) => <ScorePanel leadId={record.id} />}
        related={(record, entity) => (
          <RelatedLists record={record} parent={entity} lists={LEAD_CHAIN} language={language} />
        )}
      />
      {converting && (
        <Suspense fallback={null}>
          <ConvertDialog lead={converting} onClose={() => setConverting(null)} />
        </Suspense>
      )}
    </>
  );
}
