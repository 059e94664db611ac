/**
 * The texts of the leads screens in English and German, as the i18next namespace `leads`, added when this chunk
 * loads. The app's own texts are in the first load, whose budget (scripts/check-bundle-size.mjs) has no room for
 * a capability's; these arrive with the screens that show them. Entity, field and option labels (statuses,
 * qualification, grade) come from /api/v1/meta.
 */
import { i18n } from '../../app/i18n';

export const leadsEn = {
  description:
    'People and companies interested in buying: qualify them, then convert them into customers and opportunities.',
  status: {
    systemHint: 'Set by the system: it follows the lead’s opportunities, quotations and customer.',
  },
  bar: { label: 'Lead status' },
  convert: {
    button: 'Convert',
    title: 'Convert lead',
    intro: 'Choose what converting “{{lead}}” creates. The lead stays, linked to what it became.',
    loadFailed: 'The conversion could not be prepared.',
    similarLeads: 'This lead resembles other leads. Merge them first?',
    customer: 'Customer',
    newCustomer: 'New customer',
    noCustomer: 'No customer, only an opportunity',
    contact: 'Contact',
    newContact: 'New contact: {{name}}',
    noPerson: 'The lead names no person, so no contact is created.',
    address: 'Address',
    noAddress: 'The lead has no street and country, so no address is created.',
    onlyWithCustomer: 'Contact and address are created only together with a customer.',
    opportunity: 'Opportunity',
    createOpportunity: 'Create an opportunity',
    needOne: 'Choose a customer, an opportunity or both.',
    open: 'Open',
    opensInNewTab: 'Opens in a new tab',
    submit: 'Convert',
    cancel: 'Cancel',
    done: 'Lead converted.',
    failed: 'The lead was not converted',
    duplicates: {
      title: 'A similar {{entity}} exists already',
      text: 'Use one of these, or create the new one anyway.',
      use: 'Use this one',
      createAnyway: 'Create anyway',
    },
  },
  score: {
    title: 'Score',
    points: 'Points',
    grade: 'Grade {{grade}}',
    thresholds: 'A from {{a}} points, B from {{b}}, C from {{c}}, otherwise D',
    probability: 'Conversion probability',
    why: 'Why this score',
    noRules: 'No scoring rule applies to this lead.',
    lastEvent: 'last on {{date}}',
    basis: 'What the probability rests on',
    factorHint:
      'How much this value changes the odds of winning, learned from this team’s won and lost leads.',
    trained: 'Learned from {{won}} won and {{lost}} lost leads on {{date}}.',
    untrained: 'No probability yet: the model has not been trained.',
    notEnoughHistory:
      'No probability yet: it needs {{minWon}} won and {{minLost}} lost leads; so far there are {{won}} and {{lost}}.',
    settings: {
      title: 'Lead grades',
      description:
        'The least score of each grade, and how many won and lost leads the learned probability needs. Changes reach every lead within moments.',
      gradeA: 'Grade A from',
      gradeB: 'Grade B from',
      gradeC: 'Grade C from',
      minWon: 'Won leads needed',
      minLost: 'Lost leads needed',
      order: 'Each grade needs fewer points than the grade above it.',
      save: 'Save',
      saved: 'Saved. Leads are graded again in the background.',
      train: 'Train probability now',
      trained: 'Trained on {{won}} won and {{lost}} lost leads.',
    },
  },
  assign: {
    button: 'Assign',
    hint: 'Hand the lead to a rep by the assignment rules',
    done: 'Lead assigned by the rule “{{rule}}”.',
    unchanged: 'The rule “{{rule}}” keeps the lead with its owner.',
    failed: 'Not assigned',
    noRule: 'No active assignment rule fits this lead.',
    nobodyAvailable:
      'Assignment rules fit this lead, but none of their reps can take it now: out of office, at capacity or disabled.',
    bulk: {
      button: 'Assign',
      title_one: 'Assign {{n}} lead',
      title_other: 'Assign {{n}} leads',
      byRules: 'By the assignment rules',
      toUser: 'All to one user',
      user: 'User',
      userRequired: 'Choose a user',
      tooMany: 'Assign at most {{max}} leads at once.',
      submit: 'Assign',
      cancel: 'Cancel',
      done: 'Assigned: {{assigned}}; kept their owner: {{unchanged}}; no rule could place: {{unassigned}}.',
    },
  },
  webForms: {
    snippetTitle: 'Embed on your site',
    snippetHint:
      'Paste this HTML into a page of one of the allowed sites. It fills in the UTM parameters of the page’s address and works without JavaScript too.',
    copy: 'Copy snippet',
    copied: 'Copied',
    preview: 'Preview',
    inactive: 'The form is inactive: submissions are refused until you make it active.',
    noOrigins: 'No site may post this form yet: add the address of your site under “Allowed sites”.',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type LeadsMessages = Strings<typeof leadsEn>;

export const leadsDe: LeadsMessages = {
  description:
    'Personen und Firmen mit Kaufinteresse: qualifizieren Sie sie und wandeln Sie sie in Kunden und Verkaufschancen um.',
  status: {
    systemHint: 'Vom System gesetzt: folgt den Verkaufschancen, Angeboten und dem Kunden des Leads.',
  },
  bar: { label: 'Lead-Status' },
  convert: {
    button: 'Umwandeln',
    title: 'Lead umwandeln',
    intro: 'Wählen Sie, was aus „{{lead}}“ entsteht. Der Lead bleibt erhalten und verweist darauf.',
    loadFailed: 'Die Umwandlung konnte nicht vorbereitet werden.',
    similarLeads: 'Dieser Lead ähnelt anderen Leads. Zuerst zusammenführen?',
    customer: 'Kunde',
    newCustomer: 'Neuer Kunde',
    noCustomer: 'Kein Kunde, nur eine Verkaufschance',
    contact: 'Kontakt',
    newContact: 'Neuer Kontakt: {{name}}',
    noPerson: 'Der Lead nennt keine Person, daher entsteht kein Kontakt.',
    address: 'Adresse',
    noAddress: 'Der Lead hat keine Straße und kein Land, daher entsteht keine Adresse.',
    onlyWithCustomer: 'Kontakt und Adresse entstehen nur zusammen mit einem Kunden.',
    opportunity: 'Verkaufschance',
    createOpportunity: 'Verkaufschance anlegen',
    needOne: 'Wählen Sie einen Kunden, eine Verkaufschance oder beides.',
    open: 'Öffnen',
    opensInNewTab: 'Öffnet in einem neuen Tab',
    submit: 'Umwandeln',
    cancel: 'Abbrechen',
    done: 'Lead umgewandelt.',
    failed: 'Der Lead wurde nicht umgewandelt',
    duplicates: {
      title: 'Ein ähnlicher {{entity}} existiert bereits',
      text: 'Verwenden Sie einen davon oder legen Sie den neuen trotzdem an.',
      use: 'Diesen verwenden',
      createAnyway: 'Trotzdem anlegen',
    },
  },
  score: {
    title: 'Punktzahl',
    points: 'Punkte',
    grade: 'Einstufung {{grade}}',
    thresholds: 'A ab {{a}} Punkten, B ab {{b}}, C ab {{c}}, sonst D',
    probability: 'Abschlusswahrscheinlichkeit',
    why: 'Warum diese Punktzahl',
    noRules: 'Keine Bewertungsregel trifft auf diesen Lead zu.',
    lastEvent: 'zuletzt am {{date}}',
    basis: 'Worauf die Wahrscheinlichkeit beruht',
    factorHint:
      'Wie stark dieser Wert die Gewinnchancen verändert, gelernt aus den gewonnenen und verlorenen Leads dieses Teams.',
    trained: 'Gelernt aus {{won}} gewonnenen und {{lost}} verlorenen Leads am {{date}}.',
    untrained: 'Noch keine Wahrscheinlichkeit: Das Modell wurde noch nicht trainiert.',
    notEnoughHistory:
      'Noch keine Wahrscheinlichkeit: Sie braucht {{minWon}} gewonnene und {{minLost}} verlorene Leads; bisher sind es {{won}} und {{lost}}.',
    settings: {
      title: 'Lead-Einstufung',
      description:
        'Die Mindestpunktzahl jeder Einstufung und wie viele gewonnene und verlorene Leads die gelernte Wahrscheinlichkeit braucht. Änderungen erreichen alle Leads in Kürze.',
      gradeA: 'Einstufung A ab',
      gradeB: 'Einstufung B ab',
      gradeC: 'Einstufung C ab',
      minWon: 'Benötigte gewonnene Leads',
      minLost: 'Benötigte verlorene Leads',
      order: 'Jede Einstufung braucht weniger Punkte als die darüber.',
      save: 'Speichern',
      saved: 'Gespeichert. Die Leads werden im Hintergrund neu eingestuft.',
      train: 'Wahrscheinlichkeit jetzt trainieren',
      trained: 'Trainiert mit {{won}} gewonnenen und {{lost}} verlorenen Leads.',
    },
  },
  assign: {
    button: 'Zuweisen',
    hint: 'Den Lead nach den Zuweisungsregeln einem Mitarbeiter geben',
    done: 'Lead nach der Regel „{{rule}}“ zugewiesen.',
    unchanged: 'Nach der Regel „{{rule}}“ bleibt der Lead bei seinem Verantwortlichen.',
    failed: 'Nicht zugewiesen',
    noRule: 'Keine aktive Zuweisungsregel passt zu diesem Lead.',
    nobodyAvailable:
      'Zuweisungsregeln passen zu diesem Lead, aber keiner ihrer Mitarbeiter kann ihn jetzt übernehmen: abwesend, ausgelastet oder deaktiviert.',
    bulk: {
      button: 'Zuweisen',
      title_one: '{{n}} Lead zuweisen',
      title_other: '{{n}} Leads zuweisen',
      byRules: 'Nach den Zuweisungsregeln',
      toUser: 'Alle an einen Benutzer',
      user: 'Benutzer',
      userRequired: 'Wählen Sie einen Benutzer',
      tooMany: 'Weisen Sie höchstens {{max}} Leads auf einmal zu.',
      submit: 'Zuweisen',
      cancel: 'Abbrechen',
      done: 'Zugewiesen: {{assigned}}; beim Verantwortlichen geblieben: {{unchanged}}; von keiner Regel erfasst: {{unassigned}}.',
    },
  },
  webForms: {
    snippetTitle: 'Auf Ihrer Website einbinden',
    snippetHint:
      'Fügen Sie dieses HTML in eine Seite einer der erlaubten Websites ein. Es übernimmt die UTM-Parameter der Seitenadresse und funktioniert auch ohne JavaScript.',
    copy: 'Snippet kopieren',
    copied: 'Kopiert',
    preview: 'Vorschau',
    inactive: 'Das Formular ist inaktiv: Einsendungen werden abgelehnt, bis Sie es aktivieren.',
    noOrigins:
      'Noch darf keine Website dieses Formular senden: Tragen Sie die Adresse Ihrer Website unter „Erlaubte Websites“ ein.',
  },
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'leads', leadsEn, true, true);
i18n.addResourceBundle('de', 'leads', leadsDe, true, true);

// The duplicate keys of leads (src/modules/leads/service.ts), where every duplicate dialog looks up key names.
const duplicateKeys = (company: string, companyAndName: string) => ({
  record: { duplicates: { keys: { company, companyAndName } } },
});
i18n.addResourceBundle('en', 'translation', duplicateKeys('company', 'name and company'), true, false);
i18n.addResourceBundle('de', 'translation', duplicateKeys('Firma', 'Name und Firma'), true, false);
