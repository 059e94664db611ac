/**
 * English texts of the web app. German (de.ts) must have every key: its type is derived from this object, so a
 * missing or extra key fails the type check. Entity and field labels come from /api/v1/meta, not from here.
 */
export const en = {
  app: { name: 'Open CRM', loading: 'Loading…', skipToContent: 'Skip to content' },
  nav: {
    label: 'Main navigation',
    dashboard: 'Dashboard',
    leads: 'Leads',
    opportunities: 'Opportunities',
    pipeline: 'Pipeline',
    customers: 'Customers',
    contacts: 'Contacts',
    quotations: 'Quotations',
    email: 'E-mail',
    reports: 'Reports',
    settings: 'Settings',
    toggle: 'Show or hide the navigation',
  },
  header: {
    language: 'Language',
    logout: 'Log out',
    signedInAs: 'Signed in as {{name}}',
  },
  login: {
    title: 'Welcome back',
    subtitle: 'Sign in to your CRM account',
    email: 'E-mail',
    password: 'Password',
    submit: 'Log in',
    failed: 'Login failed',
    emailRequired: 'Enter your e-mail address',
    passwordRequired: 'Enter your password',
    problems: {
      unauthenticated: 'E-mail or password is wrong.',
      'too-many-requests_one': 'Too many failed logins. Try again in {{count}} minute.',
      'too-many-requests_other': 'Too many failed logins. Try again in {{count}} minutes.',
    },
  },
  dashboard: {
    welcome: 'Welcome, {{name}}',
    today: 'Today is {{date}}.',
  },
  customers: {
    description: 'The companies and people you sell to, with their group, territory and account manager.',
  },
  placeholder: {
    badge: 'Later release',
    text: 'This part of the CRM comes with a later release.',
    dashboard: 'Your pipeline, open tasks and targets at a glance.',
    leads: 'Capture and qualify leads, score them and convert them into customers and opportunities.',
    opportunities: 'Track deals with amount, probability and expected closing date.',
    pipeline: 'Move opportunities through the stages of your sales pipeline on a board.',
    customers: 'Companies you sell to, with addresses, contacts and history.',
    contacts: 'The people at your customers and leads.',
    quotations: 'Write quotations with line items, taxes and discounts, and turn them into orders.',
    email: 'Send and receive e-mail linked to your leads, customers and deals.',
    reports: 'Sales figures, forecasts and team performance.',
  },
  settings: {
    title: 'Settings',
    description:
      'Users, roles, sales teams, API keys and the master data of this CRM: territories, customer groups, sales persons, industries, lead sources and campaigns.',
    noAccess: 'Your role may not see any settings.',
  },
  list: {
    loadMore: 'Load more',
    count: '{{shown}} of {{total}}',
    countUnknown: '{{shown}} shown',
    empty: 'No records yet.',
    failed: 'The list could not be loaded.',
    retry: 'Try again',
    sortBy: 'Sort by {{field}}',
    yes: 'Yes',
    no: 'No',
    items_one: '{{count}} item',
    items_other: '{{count}} items',
    unknownEntity: 'This list is not available to you.',
  },
  errors: {
    title: 'Something went wrong',
    network: 'The server cannot be reached. Check your connection and try again.',
    notFound: 'Page not found',
    notFoundText: 'There is no page at this address.',
    backHome: 'Back to the dashboard',
  },
} as const;

/** The shape every language must fill: the same keys, any strings. */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Messages = Strings<typeof en>;
