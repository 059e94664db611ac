import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/page-header';
import { EntityList } from '../../views/entity-list';
import { ListActions } from '../../views/record/list-actions';

/** The organisations and people the team sells to; each opens in its record page with contacts and addresses. */
export default function CustomersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('nav.customers')}
        description={t('customers.description')}
        actions={<ListActions path="customers" />}
      />
      <EntityList
        path="customers"
        columns={['name', 'customerType', 'customerGroupId', 'territoryId', 'ownerId', 'updatedAt']}
      />
    </>
  );
}
