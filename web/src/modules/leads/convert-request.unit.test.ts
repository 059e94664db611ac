import { describe, expect, it } from 'vitest';
import type { RecordFieldMeta } from '../../views/record/record-types';
import {
  NEW,
  NONE,
  type ConvertState,
  candidatesOf,
  canConvert,
  conversionRequest,
  duplicatePart,
  initialState,
  placeProblems,
  previewOf,
  withCandidates,
  withoutEdited,
} from './convert-request';

const field = (name: string, type: string, extra: Partial<RecordFieldMeta> = {}): RecordFieldMeta => ({
  name,
  type,
  label: { en: name, de: name },
  required: false,
  readOnly: false,
  writeOnly: false,
  system: false,
  filterable: true,
  sortable: true,
  operators: [],
  ...extra,
});

const OPPORTUNITY = [
  field('title', 'text', { required: true }),
  field('amount', 'currency'),
  field('currency', 'text', { required: true, default: 'EUR' }),
  field('expectedCloseDate', 'date'),
];

const preview = previewOf({
  customer: { name: 'Schmidt Logistik GmbH', customerType: 'company' },
  contact: { firstName: 'Anna', lastName: 'Schmidt' },
  address: null,
  opportunity: { title: 'Schmidt Logistik GmbH', leadId: 'l1' },
  candidates: [
    { entity: 'customer', id: 'c1', title: 'Schmidt Logistik AG', matches: ['company'] },
    { entity: 'contact', id: 'p1', title: 'Anna Schmidt', matches: ['email'] },
    { id: 'l2', title: 'Anna Schmidt', matches: ['email'] },
    { title: 'no id' },
  ],
});

const start = (changes: Partial<ConvertState> = {}): ConvertState => ({
  ...initialState(preview, OPPORTUNITY),
  ...changes,
});

describe('the conversion preview', () => {
  it('is read defensively and sorts its candidates by what they are', () => {
    expect(preview.candidates).toHaveLength(3);
    expect(candidatesOf(preview.candidates, 'customer').map((c) => c.id)).toEqual(['c1']);
    expect(candidatesOf(preview.candidates, 'contact').map((c) => c.id)).toEqual(['p1']);
    // Leads carry no entity: they are the other leads to merge first.
    expect(candidatesOf(preview.candidates, 'lead').map((c) => c.id)).toEqual(['l2']);
    expect(previewOf(null)).toEqual({
      customer: {},
      contact: null,
      address: null,
      opportunity: {},
      candidates: [],
    });
  });

  it('adds the look-alikes a 409 names once', () => {
    const found = [
      { id: 'c1', title: 'Schmidt Logistik AG', matches: ['company'] },
      { id: 'c9', title: 'Schmidt GmbH', matches: ['company'] },
    ];
    const merged = withCandidates(preview.candidates, 'customer', found);
    expect(candidatesOf(merged, 'customer').map((c) => c.id)).toEqual(['c1', 'c9']);
  });

  it('starts with a new customer named as proposed, a new contact and an opportunity with its defaults', () => {
    expect(start()).toEqual({
      customer: NEW,
      customerName: 'Schmidt Logistik GmbH',
      contact: NEW,
      opportunity: true,
      opportunityValues: {
        title: 'Schmidt Logistik GmbH',
        amount: '',
        currency: 'EUR',
        expectedCloseDate: '',
      },
    });
    expect(initialState(preview, []).opportunity).toBe(false);
  });
});

describe('the convert request', () => {
  it('makes a new customer with the edited name, a contact from the lead and the opportunity', () => {
    const state = start({ customerName: '  Schmidt Logistik AG ' });
    state.opportunityValues = {
      ...state.opportunityValues,
      amount: '12000.50',
      expectedCloseDate: '2026-03-31',
    };
    expect(conversionRequest(state, OPPORTUNITY)).toEqual({
      body: {
        customer: { create: { name: 'Schmidt Logistik AG' } },
        opportunity: {
          title: 'Schmidt Logistik GmbH',
          amount: '12000.50',
          currency: 'EUR',
          expectedCloseDate: '2026-03-31',
        },
      },
      errors: [],
    });
  });

  it('takes an existing customer and contact by id', () => {
    const { body } = conversionRequest(
      start({ customer: 'c1', contact: 'p1', opportunity: false }),
      OPPORTUNITY,
    );
    expect(body).toEqual({ customer: { id: 'c1' }, contact: { id: 'p1' } });
  });

  it('makes only an opportunity without a customer, and then links no contact', () => {
    const { body, errors } = conversionRequest(start({ customer: NONE, contact: 'p1' }), OPPORTUNITY);
    expect(errors).toEqual([]);
    expect(Object.keys(body)).toEqual(['opportunity']);
  });

  it('refuses to convert into nothing', () => {
    const state = start({ customer: NONE, opportunity: false });
    expect(canConvert(state)).toBe(false);
    expect(conversionRequest(state, OPPORTUNITY).errors.map((e) => e.field)).toEqual(['(body)']);
  });

  it('names missing and unreadable values at the paths the server uses', () => {
    const state = start({ customerName: ' ' });
    state.opportunityValues = {
      ...state.opportunityValues,
      title: '',
      amount: { draft: '12,x', code: 'number' },
    };
    const { errors } = conversionRequest(state, OPPORTUNITY);
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['customer/name', 'required'],
      ['opportunity/title', 'required'],
      ['opportunity/amount', 'number'],
    ]);
  });
});

describe('problems of a conversion', () => {
  it('go to the customer name, the opportunity inputs, or the dialog’s alert', () => {
    const placed = placeProblems([
      { field: 'customer/name', message: 'is required', code: 'required' },
      { field: 'opportunity/amount', message: 'must match pattern', code: 'pattern' },
      { field: 'contact/emails/0/email', message: 'is not an e-mail address', code: 'format' },
      { field: 'customer/id', message: 'is no customer you may see', code: 'link' },
    ]);
    expect(placed.customerName.map((p) => p.field)).toEqual(['customer/name']);
    expect(Object.keys(placed.opportunity)).toEqual(['amount']);
    expect(placed.general.map((p) => p.field)).toEqual(['contact/emails/0/email', 'customer/id']);
  });

  it('go once the input they are about is edited or the part chosen anew', () => {
    const problems = [
      { field: 'customer/name', message: 'is required', code: 'required' },
      { field: 'opportunity/title', message: 'is required', code: 'required' },
      { field: 'opportunity/amount', message: 'number', code: 'number' },
      { field: 'contact/emails/0/email', message: 'x', code: 'format' },
    ];
    const before = start();
    const fields = (left: { field: string }[]) => left.map((p) => p.field);
    expect(fields(withoutEdited(problems, { customerName: 'Nordwind' }, before))).toEqual([
      'opportunity/title',
      'opportunity/amount',
      'contact/emails/0/email',
    ]);
    const values = { ...before.opportunityValues, title: 'Scanners' };
    expect(fields(withoutEdited(problems, { opportunityValues: values }, before))).toEqual([
      'customer/name',
      'opportunity/amount',
      'contact/emails/0/email',
    ]);
    expect(fields(withoutEdited(problems, { contact: 'p1' }, before))).toHaveLength(3);
    expect(fields(withoutEdited(problems, { opportunity: false }, before))).toEqual([
      'customer/name',
      'contact/emails/0/email',
    ]);
  });

  it('tell which record a duplicates answer is about', () => {
    expect(duplicatePart([{ field: 'customer/name', message: 'x' }])).toBe('customer');
    expect(duplicatePart([{ field: 'contact/emails/0/email', message: 'x' }])).toBe('contact');
    expect(duplicatePart(undefined)).toBe('customer');
  });
});
