import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { useMeta } from '../../views/meta';
import { EntityRecordRoute } from '../../views/record/record-route';
import type { RecordData } from '../../views/record/record-types';
import { recordKey, refreshAround } from '../../views/record/use-record';
import type { Card } from '../opportunities/board-state';
import { DocumentActions, type DocumentPath } from './document-actions';
import './texts';

const DeclareLostDialog = lazy(() => import('../opportunities/declare-lost-dialog'));

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
        // A submitted document changes through its actions only (the server refuses edits and the trash).
        readOnly={(record) => record.status !== 'draft'}
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
