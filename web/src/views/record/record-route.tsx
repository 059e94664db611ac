import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '../../app/page-header';
import { isLanguage } from '../../app/i18n';
import { label, useMeta } from '../meta';
import { ListActions } from './list-actions';
import { RecordPage, type RecordPageProps } from './record-page';
import { recordBase } from './record-href';

// Lists load on their own: a record page (the first page of many visits) should not carry the list's tools.
const EntityList = lazy(() => import('../entity-list').then((module) => ({ default: module.EntityList })));
const TrashList = lazy(() => import('./trash-list').then((module) => ({ default: module.TrashList })));

/**
 * One route for everything of an entity below its list: `…/new`, `…/trash` and `…/<id>`, with the list as the
 * way back. Without an id (`/records/<path>`), the generic list itself, for entities without a screen of their own.
 */
export function EntityRecordRoute({
  path,
  id,
  ...rest
}: Omit<RecordPageProps, 'back' | 'id'> & { id: string | undefined; back?: RecordPageProps['back'] }) {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const entity = useMeta().data?.find((candidate) => candidate.path === path);
  const plural = entity ? label(entity.labelPlural, language) : path;
  const back = rest.back ?? { href: recordBase(path), label: plural };
  if (id === undefined)
    return (
      <>
        <PageHeader title={plural} actions={<ListActions path={path} />} />
        <EntityList path={path} />
      </>
    );
  if (id === 'trash') return <TrashList path={path} back={back} />;
  return <RecordPage {...rest} path={path} id={id} back={back} />;
}

/** `/records/:path/:id?` and sections that need nothing beyond the generic page (`/contacts/:id`). */
export default function RecordRoute({ path }: { path?: string }) {
  const params = useParams();
  return <EntityRecordRoute path={path ?? params.path ?? ''} id={params.id} />;
}
