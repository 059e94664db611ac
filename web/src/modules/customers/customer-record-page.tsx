import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import type { EntityMeta } from '../../views/meta';
import { useMeta } from '../../views/meta';
import { RelatedList } from '../../views/record/related-list';
import type { RecordData } from '../../views/record/record-types';
import { EntityRecordRoute } from '../../views/record/record-route';
import { relationTo } from '../../views/record/relations';

/** What a customer's page lists below its form, with the columns each shows. */
const RELATED = [
  { path: 'contacts', columns: ['jobTitle', 'primaryEmail', 'primaryPhone'] },
  { path: 'addresses', columns: ['addressType', 'city', 'country'] },
];

function CustomerRelated({ record, customer }: { record: RecordData; customer: EntityMeta }) {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const meta = useMeta().data ?? [];
  return (
    <>
      {RELATED.map(({ path, columns }) => {
        const entity = meta.find((candidate) => candidate.path === path);
        const relation = entity && relationTo(entity, customer, record.id);
        if (!entity || !relation) return null;
        return (
          <RelatedList
            key={path}
            entity={entity}
            meta={meta}
            listPath={relation.listPath}
            filters={relation.filters}
            prefill={relation.prefill}
            language={language}
            columns={columns}
          />
        );
      })}
    </>
  );
}

/** A customer: the generic record page with the customer's contacts and addresses below the form. */
export default function CustomerRecordPage() {
  const { id } = useParams();
  return (
    <EntityRecordRoute
      path="customers"
      id={id}
      related={(record, entity) => <CustomerRelated record={record} customer={entity} />}
    />
  );
}
