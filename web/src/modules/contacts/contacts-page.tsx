import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/page-header';
import { EntityList } from '../../views/entity-list';
import { ListActions } from '../../views/record/list-actions';

/** The people at customers and leads; each opens in the generic record view. */
export default function ContactsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('nav.contacts')}
        description={t('contacts.description')}
        actions={<ListActions path="contacts" />}
      />
      <EntityList
        path="contacts"
        columns={[
          'fullName',
          'jobTitle',
          'companyName',
          'primaryEmail',
          'primaryPhone',
          'ownerId',
          'updatedAt',
        ]}
      />
    </>
  );
}
