import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { useMeta } from '../../views/meta';
import { EntityRecordRoute } from '../../views/record/record-route';
import type { FormValues } from '../../views/record/form-values';
import type { FieldOverrides } from '../../views/record/record-form';
import type { RecordData } from '../../views/record/record-types';
import { recordKey, refreshAround } from '../../views/record/use-record';
import type { Card } from '../opportunities/board-state';
import { DocumentActions, type DocumentPath } from './document-actions';
import { RelatedLists } from '../../views/record/related-list';
import { CHAIN } from './chain-lists';
import { LinesField } from './line-editor';
import './texts';

const DeclareLostDialog = lazy(() => import('../opportunities/declare-lost-dialog'));

/** The totals the server stores, shown under the lines (live while typing) rather than as fields of their own. */
const SHOWN_WITH_LINES = [
  'taxes',
  'totalBeforeDiscount',
  'discountTotal',
  'netTotal',
  'taxTotal',
  'grandTotal',
  'roundedTotal',
  'roundingAdjustment',
  'inWords',
];

const statusIs =
  (...statuses: string[]) =>
  (values: FormValues) =>
    statuses.includes(String(values.status));

/** What a document's lifecycle fields mean only in some states: empty elsewhere, they would only fill the page. */
const SHOWN_WHEN: Record<string, (values: FormValues) => boolean> = {
  submittedAt: (values) => values.status !== 'draft',
  cancelledAt: statusIs('cancelled'),
  expiredAt: statusIs('expired'),
  lostAt: statusIs('lost'),
  lostReasonIds: statusIs('lost'),
  lostDetail: statusIs('lost'),
  competitorIds: statusIs('lost'),
  amendedFrom: (values) => Boolean(values.amendedFrom),
  amendment: (values) => Boolean(values.amendedFrom),
};

function documentOverrides(path: DocumentPath): FieldOverrides {
  return {
    lines: {
      fullWidth: true,
      render: (props) => (
        <LinesField {...props} withTaxes document={props.meta.find((candidate) => candidate.path === path)} />
      ),
    },
    ...Object.fromEntries(SHOWN_WITH_LINES.map((name) => [name, { hidden: true }])),
    ...Object.fromEntries(
      Object.entries(SHOWN_WHEN).map(([name, shown]) => [
        name,
        { hidden: (values: FormValues) => !shown(values) },
      ]),
    ),
  };
}

const OVERRIDES: Record<DocumentPath, FieldOverrides> = {
  quotations: documentOverrides('quotations'),
  'sales-orders': documentOverrides('sales-orders'),
};

/**
 * Quotations at `/quotations` and sales orders at `/sales-orders`: their generic list, and at `/<path>/<id>` the
 * generic record page with the document's actions below its title.
 */
export default function DocumentPage({ path }: { path: DocumentPath }) {
  const { id } = useParams();
  const { t, i18n } = useTranslation('sales');
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const client = useQueryClient();
  const entity = useMeta().data?.find((candidate) => candidate.path === path);
  const mayChange = Boolean(entity?.permissions.update);
  const [losing, setLosing] = useState<RecordData | null>(null);
  return (
    <>
      <EntityRecordRoute
        path={path}
        id={id}
        overrides={OVERRIDES[path]}
        // A table of lines wants the page's width; who made and changed it goes below.
        wide
        // A submitted document changes through its actions only (the server refuses edits and the trash).
        readOnly={(record) => record.status !== 'draft'}
        related={(record, entity) =>
          path === 'quotations' ? (
            <RelatedLists record={record} parent={entity} lists={[CHAIN.salesOrders]} language={language} />
          ) : null
        }
        headline={(record) =>
          mayChange && !record.deletedAt ? (
            <DocumentActions path={path} record={record} onLose={() => setLosing(record)} />
          ) : null
        }
      />
      {losing && (
        <Suspense fallback={null}>
          <DeclareLostDialog
            path="quotations"
            // The dialog reads the id, version and title.
            card={{ ...losing, title: String(losing.number) } as unknown as Card}
            language={language}
            onClose={() => setLosing(null)}
            onDeclared={() => {
              notifications.show({
                color: 'teal',
                message: t('actions.done.lost', { number: String(losing.number) }),
              });
              setLosing(null);
              refreshAround(client, path);
              void client.invalidateQueries({ queryKey: recordKey(path, losing.id) });
            }}
          />
        </Suspense>
      )}
    </>
  );
}
