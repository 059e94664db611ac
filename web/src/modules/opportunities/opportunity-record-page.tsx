import { Group, Loader } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { useMeta } from '../../views/meta';
import { EntityRecordRoute } from '../../views/record/record-route';
import type { FieldOverrides } from '../../views/record/record-form';
import type { RecordData } from '../../views/record/record-types';
import { recordKey, refreshAround } from '../../views/record/use-record';
import type { Card } from './board-state';
import { RelatedLists } from '../../views/record/related-list';
import { CHAIN } from '../sales/chain-lists';
import { OPPORTUNITIES_PATH, OutcomeButtons, StageBar } from './stage-bar';
import './texts';

// Declaring a loss is rarer than moving: its dialog arrives when it is asked for.
const DeclareLostDialog = lazy(() => import('./declare-lost-dialog'));
// Quotations are the sales module's: its button and texts load with it.
const MakeQuotationButton = lazy(() => import('../sales/make-quotation-button'));

// The sales module's line editor: below the fold of most opportunities, so it follows the page.
const LinesField = lazy(() =>
  import('../sales/line-editor').then((module) => ({ default: module.LinesField })),
);

/** Products of interest are lines like a quotation's, priced without taxes; their sum is the amount. */
const OVERRIDES: FieldOverrides = {
  items: {
    fullWidth: true,
    render: (props) => (
      <Suspense fallback={<Loader size="sm" />}>
        <LinesField {...props} withTaxes={false} document={undefined} />
      </Suspense>
    ),
  },
};

/** The quotations made for the opportunity and the orders made of them. */
const OPPORTUNITY_CHAIN = [CHAIN.quotations, CHAIN.salesOrders];

/**
 * The opportunities: their generic list at `/opportunities`, and at `/opportunities/<id>` the generic record page
 * with the pipeline's stages as a bar to click below the title, beside mark won, mark lost (with the reasons) and
 * reopen.
 */
export default function OpportunityRecordPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('opportunities');
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const client = useQueryClient();
  const entity = useMeta().data?.find((candidate) => candidate.path === OPPORTUNITIES_PATH);
  const mayChange = Boolean(entity?.permissions.update);
  const [losing, setLosing] = useState<RecordData | null>(null);
  return (
    <>
      <EntityRecordRoute
        path={OPPORTUNITIES_PATH}
        id={id}
        overrides={OVERRIDES}
        related={(record, entity) => (
          <RelatedLists record={record} parent={entity} lists={OPPORTUNITY_CHAIN} language={language} />
        )}
        // The bar and the outcome buttons share the line below the title (and wrap on a narrow screen): beside the
        // trash button they would push it off the page.
        headline={(record) => {
          const editable = mayChange && !record.deletedAt;
          return (
            <Group gap="sm" wrap="wrap" align="center">
              <StageBar
                record={record}
                language={language}
                editable={editable}
                onLose={() => setLosing(record)}
              />
              {editable && (
                <Group gap="xs">
                  <OutcomeButtons record={record} onLose={() => setLosing(record)} />
                  <Suspense fallback={null}>
                    <MakeQuotationButton opportunity={record} />
                  </Suspense>
                </Group>
              )}
            </Group>
          );
        }}
      />
      {losing && (
        <Suspense fallback={null}>
          <DeclareLostDialog
            // The dialog reads the id, version and title, which every opportunity has.
            card={losing as unknown as Card}
            language={language}
            onClose={() => setLosing(null)}
            onDeclared={() => {
              notifications.show({ color: 'teal', message: t('lost.done', { title: String(losing.title) }) });
              setLosing(null);
              refreshAround(client, OPPORTUNITIES_PATH);
              void client.invalidateQueries({ queryKey: recordKey(OPPORTUNITIES_PATH, losing.id) });
              void client.invalidateQueries({ queryKey: ['board'] });
            }}
          />
        </Suspense>
      )}
    </>
  );
}
