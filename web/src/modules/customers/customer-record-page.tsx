import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { RelatedLists } from '../../views/record/related-list';
import { EntityRecordRoute } from '../../views/record/record-route';
import { CHAIN } from '../sales/chain-lists';

/** What a customer's page lists below its form, with the columns each shows. */
const RELATED = [
  { path: 'contacts', columns: ['jobTitle', 'primaryEmail', 'primaryPhone'] },
  { path: 'addresses', columns: ['addressType', 'city', 'country'] },
  CHAIN.opportunities,
  CHAIN.quotations,
  CHAIN.salesOrders,
];

/** A customer: the generic record page with its contacts, addresses, opportunities, quotations and orders below. */
export default function CustomerRecordPage() {
  const { id } = useParams();
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    <EntityRecordRoute
      path="customers"
      id={id}
      related={(record, entity) => (
        <RelatedLists record={record} parent={entity} lists={RELATED} language={language} />
      )}
    />
  );
}
