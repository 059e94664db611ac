import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/page-header';
import { EntityList } from '../../views/entity-list';
import { ListActions } from '../../views/record/list-actions';
import { BulkAssignButton } from './assign-action';
import { LEADS_PATH } from './lead-status';
import './texts';

/** The people and companies the team is qualifying; each opens in its record page with the convert action. */
export default function LeadsPage() {
  const { t } = useTranslation();
  const { t: leads } = useTranslation('leads');
  return (
    <>
      <PageHeader
        title={t('nav.leads')}
        description={leads('description')}
        actions={<ListActions path={LEADS_PATH} />}
      />
      <EntityList
        path={LEADS_PATH}
        // The grade reads at a glance; the score behind it is one click away in the column chooser.
        columns={['title', 'companyName', 'status', 'grade', 'sourceId', 'ownerId', 'createdAt']}
        selectionActions={(ids) => <BulkAssignButton ids={ids} count={ids.length} />}
      />
    </>
  );
}
