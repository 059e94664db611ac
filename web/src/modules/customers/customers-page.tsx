import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/page-header';
import { EntityList } from '../../views/entity-list';

/** The organisations and people the team sells to. Contacts, addresses and the record form follow. */
export default function CustomersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.customers')} description={t('customers.description')} />
      <EntityList
        path="customers"
        columns={['name', 'customerType', 'customerGroupId', 'territoryId', 'ownerId', 'updatedAt']}
      />
    </>
  );
}
