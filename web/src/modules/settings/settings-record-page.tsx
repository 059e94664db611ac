import { type ReactNode, Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { label, useMeta } from '../../views/meta';
import type { FieldOverrides } from '../../views/record/record-form';
import type { RecordData } from '../../views/record/record-types';
import { EntityRecordRoute } from '../../views/record/record-route';
import { ColourSelect, EntitySelect, OptionsEditor, TimeZoneSelect } from './field-inputs';
import { PurgeButton, RevokeButton, SecretModal, useApiKeyCreate } from './record-actions';

// What only one section shows loads with it, not with every record of Settings.
const GrantsMatrix = lazy(() => import('./grants-matrix').then((m) => ({ default: m.GrantsMatrix })));
const WebFormSnippetPanel = lazy(() =>
  import('../web-forms/snippet-panel').then((m) => ({ default: m.WebFormSnippetPanel })),
);
const BookingLinkPanel = lazy(() =>
  import('../booking/public-link-panel').then((m) => ({ default: m.BookingLinkPanel })),
);

/** Inputs of Settings' own for fields the generic form cannot show well. */
const OVERRIDES: Record<string, FieldOverrides> = {
  users: { timeZone: { render: (props) => <TimeZoneSelect {...props} /> } },
  tags: { colour: { render: (props) => <ColourSelect {...props} /> } },
  roles: {
    permissions: {
      render: (props) => (
        <Suspense fallback={null}>
          <GrantsMatrix {...props} />
        </Suspense>
      ),
      fullWidth: true,
    },
  },
  'custom-fields': {
    entity: { render: (props) => <EntitySelect {...props} kind="entity" /> },
    target: { render: (props) => <EntitySelect {...props} kind="target" /> },
    options: { render: (props) => <OptionsEditor {...props} />, fullWidth: true },
  },
};

/** Panels below a record that show what the record makes: a web form's snippet, a booking page's address. */
const RELATED: Record<string, (record: RecordData) => ReactNode> = {
  'web-forms': (record) => (
    <Suspense fallback={null}>
      <WebFormSnippetPanel record={record} />
    </Suspense>
  ),
  'booking-pages': (record) => (
    <Suspense fallback={null}>
      <BookingLinkPanel record={record} />
    </Suspense>
  ),
};

/**
 * A record of Settings (`/settings/<section>/<id>`, `…/new`, `…/trash`): the generic record page with the
 * inputs and actions administration records need. The route stays mounted from `new` to the created record,
 * so an API key's secret survives the step to the key's page.
 */
export default function SettingsRecordPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const { section = '', id } = useParams();
  const apiKeys = useApiKeyCreate();
  const entity = useMeta().data?.find((candidate) => candidate.path === section);
  const back = {
    href: `/settings/${section}`,
    label: entity ? label(entity.labelPlural, language) : section,
    crumbs: [{ href: '/settings', label: t('settings.title') }],
  };
  const isApiKey = section === 'api-keys';
  return (
    <>
      <EntityRecordRoute
        key={section}
        path={section}
        id={id}
        back={back}
        overrides={OVERRIDES[section]}
        // API keys change only by revoking; their name and expiry are fixed once created.
        readOnly={isApiKey && id !== 'new'}
        create={isApiKey ? apiKeys.create : undefined}
        wide={section === 'roles'}
        related={RELATED[section]}
        actions={(record) =>
          isApiKey ? (
            <RevokeButton record={record} />
          ) : section === 'custom-fields' ? (
            <PurgeButton record={record} />
          ) : null
        }
      />
      <SecretModal secret={apiKeys.secret} onClose={apiKeys.clear} />
    </>
  );
}
