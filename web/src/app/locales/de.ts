import type { Messages } from './en';

/** German texts; the type makes every English key required here too. */
export const de: Messages = {
  app: { name: 'Open CRM', loading: 'Wird geladen …', skipToContent: 'Zum Inhalt springen' },
  nav: {
    label: 'Hauptnavigation',
    dashboard: 'Übersicht',
    leads: 'Leads',
    opportunities: 'Verkaufschancen',
    pipeline: 'Pipeline',
    customers: 'Kunden',
    contacts: 'Kontakte',
    quotations: 'Angebote',
    email: 'E-Mail',
    reports: 'Berichte',
    settings: 'Einstellungen',
    toggle: 'Navigation ein- oder ausblenden',
  },
  header: {
    language: 'Sprache',
    logout: 'Abmelden',
    signedInAs: 'Angemeldet als {{name}}',
  },
  login: {
    title: 'Willkommen zurück',
    subtitle: 'Melden Sie sich bei Ihrem CRM-Konto an',
    email: 'E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    failed: 'Anmeldung fehlgeschlagen',
    emailRequired: 'Geben Sie Ihre E-Mail-Adresse ein',
    passwordRequired: 'Geben Sie Ihr Passwort ein',
    problems: {
      unauthenticated: 'E-Mail oder Passwort ist falsch.',
      'too-many-requests_one':
        'Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in {{count}} Minute erneut.',
      'too-many-requests_other':
        'Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in {{count}} Minuten erneut.',
    },
  },
  dashboard: {
    welcome: 'Willkommen, {{name}}',
    today: 'Heute ist {{date}}.',
  },
  customers: {
    description:
      'Die Unternehmen und Personen, an die Sie verkaufen, mit Kundengruppe, Gebiet und Kundenbetreuer.',
  },
  placeholder: {
    badge: 'Späteres Release',
    text: 'Dieser Teil des CRM kommt mit einem späteren Release.',
    dashboard: 'Ihre Pipeline, offene Aufgaben und Ziele auf einen Blick.',
    leads: 'Leads erfassen und qualifizieren, bewerten und in Kunden und Verkaufschancen umwandeln.',
    opportunities: 'Verkaufschancen mit Betrag, Wahrscheinlichkeit und erwartetem Abschlussdatum verfolgen.',
    pipeline: 'Verkaufschancen auf einer Tafel durch die Phasen Ihrer Vertriebspipeline ziehen.',
    customers: 'Die Unternehmen, an die Sie verkaufen, mit Adressen, Kontakten und Verlauf.',
    contacts: 'Die Ansprechpartner bei Ihren Kunden und Leads.',
    quotations: 'Angebote mit Positionen, Steuern und Rabatten schreiben und in Aufträge umwandeln.',
    email: 'E-Mails senden und empfangen, verknüpft mit Leads, Kunden und Verkaufschancen.',
    reports: 'Umsatzzahlen, Prognosen und die Leistung Ihrer Teams.',
  },
  settings: {
    title: 'Einstellungen',
    description:
      'Benutzer, Rollen, Vertriebsteams, API-Schlüssel und die Stammdaten dieses CRM: Gebiete, Kundengruppen, Vertriebsmitarbeiter, Branchen, Lead-Quellen und Kampagnen.',
    noAccess: 'Ihre Rolle darf keine Einstellungen sehen.',
  },
  list: {
    loadMore: 'Mehr laden',
    count: '{{shown}} von {{total}}',
    countUnknown: '{{shown}} angezeigt',
    empty: 'Noch keine Einträge.',
    failed: 'Die Liste konnte nicht geladen werden.',
    retry: 'Erneut versuchen',
    sortBy: 'Nach {{field}} sortieren',
    yes: 'Ja',
    no: 'Nein',
    items_one: '{{count}} Eintrag',
    items_other: '{{count}} Einträge',
    unknownEntity: 'Diese Liste steht Ihnen nicht zur Verfügung.',
  },
  errors: {
    title: 'Etwas ist schiefgegangen',
    network: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    notFound: 'Seite nicht gefunden',
    notFoundText: 'Unter dieser Adresse gibt es keine Seite.',
    backHome: 'Zurück zur Übersicht',
  },
};
