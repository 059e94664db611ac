import { Checkbox, Grid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../app/api';
import type { Language } from '../../app/i18n';
import { type EntityMeta, fieldOf, label } from '../../views/meta';
import { FieldInput } from '../../views/record/field-input';
import { currencyOf } from '../../views/record/record-form';
import type { RecordFieldMeta } from '../../views/record/record-types';
import { CandidateChoices, Choice, Section } from './convert-choices';
import { type ConversionCandidate, type ConvertState, NEW, NONE } from './convert-request';
import './texts';

/** The parts of the convert dialog: customer, contact, address and opportunity. */

type Update = (change: Partial<ConvertState>) => void;

interface CustomerProps {
  state: ConvertState;
  update: Update;
  proposal: Record<string, unknown>;
  candidates: ConversionCandidate[];
  customer: EntityMeta | undefined;
  meta: EntityMeta[];
  language: Language;
  problems: FieldProblem[];
}

/** A new customer (its name editable), one of the customers the lead resembles, or none. */
export function CustomerSection(props: CustomerProps) {
  const { state, update, proposal, candidates, customer, meta, language, problems } = props;
  const { t } = useTranslation('leads');
  const nameField = customer && (fieldOf(customer, 'name') as RecordFieldMeta | undefined);
  const type =
    customer && fieldOf(customer, 'customerType')?.options?.find((o) => o.value === proposal.customerType);
  const choose = (choice: string) => update({ customer: choice });
  return (
    <Section title={t('convert.customer')}>
      <Stack gap="sm" role="radiogroup" aria-label={t('convert.customer')}>
        <Choice
          name="customer"
          value={NEW}
          selected={state.customer}
          onSelect={choose}
          label={t('convert.newCustomer')}
          description={type && label(type.label, language)}
        />
        {state.customer === NEW && nameField && (
          <div style={{ paddingLeft: 28 }}>
            <FieldInput
              field={nameField}
              value={state.customerName}
              onChange={(value) => update({ customerName: String(value ?? '') })}
              meta={meta}
              language={language}
              mode="create"
              editable
              problems={problems}
              currency=""
              values={{}}
            />
          </div>
        )}
        <CandidateChoices
          name="customer"
          candidates={candidates}
          path="customers"
          selected={state.customer}
          onSelect={choose}
        />
        <Choice
          name="customer"
          value={NONE}
          selected={state.customer}
          onSelect={choose}
          label={t('convert.noCustomer')}
        />
      </Stack>
    </Section>
  );
}

const personName = (contact: Record<string, unknown> | null) =>
  [contact?.firstName, contact?.lastName].filter((part) => typeof part === 'string' && part).join(' ');

/** The customer's contact: a new one from the lead's person, or a contact the lead resembles. */
export function ContactSection(props: {
  state: ConvertState;
  update: Update;
  proposal: Record<string, unknown> | null;
  candidates: ConversionCandidate[];
}) {
  const { state, update, proposal, candidates } = props;
  const { t } = useTranslation('leads');
  const emails = Array.isArray(proposal?.emails) ? (proposal.emails as { email?: string }[]) : [];
  const choose = (choice: string) => update({ contact: choice });
  return (
    <Section title={t('convert.contact')}>
      {!proposal && candidates.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('convert.noPerson')}
        </Text>
      ) : (
        <Stack gap="sm" role="radiogroup" aria-label={t('convert.contact')}>
          <Choice
            name="contact"
            value={NEW}
            selected={state.contact}
            onSelect={choose}
            label={proposal ? t('convert.newContact', { name: personName(proposal) }) : t('convert.noPerson')}
            description={emails[0]?.email}
          />
          <CandidateChoices
            name="contact"
            candidates={candidates}
            path="contacts"
            selected={state.contact}
            onSelect={choose}
          />
        </Stack>
      )}
    </Section>
  );
}

/** The address made from the lead's, laid out as people write it. */
export function AddressSection({
  proposal,
  language,
}: {
  proposal: Record<string, unknown> | null;
  language: Language;
}) {
  const { t } = useTranslation('leads');
  const text = (name: string) => (typeof proposal?.[name] === 'string' ? (proposal[name] as string) : '');
  const country = text('country');
  const countryName = country
    ? (new Intl.DisplayNames([language], { type: 'region' }).of(country) ?? country)
    : '';
  const lines = [
    text('line1'),
    text('line2'),
    [text('postalCode'), text('city')].filter(Boolean).join(' '),
    text('state'),
    countryName,
  ].filter(Boolean);
  return (
    <Section title={t('convert.address')}>
      <Text
        size="sm"
        c={proposal ? undefined : 'dimmed'}
        style={{ whiteSpace: 'pre-line' }}
        data-testid="convert-address"
      >
        {proposal ? lines.join('\n') : t('convert.noAddress')}
      </Text>
    </Section>
  );
}

/** Whether to make an opportunity, and its title, amount, currency and expected closing. */
export function OpportunitySection(props: {
  state: ConvertState;
  update: Update;
  fields: RecordFieldMeta[];
  meta: EntityMeta[];
  language: Language;
  problems: Record<string, FieldProblem[]>;
}) {
  const { state, update, fields, meta, language, problems } = props;
  const { t } = useTranslation('leads');
  const values = state.opportunityValues;
  return (
    <Section title={t('convert.opportunity')}>
      <Checkbox
        label={t('convert.createOpportunity')}
        checked={state.opportunity}
        onChange={(event) => update({ opportunity: event.currentTarget.checked })}
        mb={state.opportunity ? 'sm' : 0}
      />
      {state.opportunity && (
        <Grid gap="sm">
          {fields.map((field) => (
            <Grid.Col key={field.name} span={{ base: 12, sm: 6 }}>
              <FieldInput
                field={field}
                value={values[field.name]}
                onChange={(value) => update({ opportunityValues: { ...values, [field.name]: value } })}
                meta={meta}
                language={language}
                mode="create"
                editable
                problems={problems[field.name] ?? []}
                currency={currencyOf(values)}
                values={values}
              />
            </Grid.Col>
          ))}
        </Grid>
      )}
    </Section>
  );
}
