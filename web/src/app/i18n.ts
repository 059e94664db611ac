/**
 * i18next with the texts of the language in use: each language's catalogue is a chunk of its own, fetched as the
 * app starts (beside the page's own chunk) and when the user switches, so nobody downloads the language they do not
 * read. The language is the user's (from /auth/me) once logged in; before that, the one last used in this browser,
 * else the browser's own preference.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language, detectLanguage, isLanguage } from './language';

export { LANGUAGES, type Language, isLanguage } from './language';

const STORAGE_KEY = 'crm.language';

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy settings); the browser's preference still works.
    return null;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

const catalogues: Record<Language, () => Promise<Record<string, unknown>>> = {
  en: () => import('./locales/en').then((module) => module.en),
  de: () => import('./locales/de').then((module) => module.de),
};
const loaded = new Map<Language, Promise<void>>();

/** The language's core texts, fetched once. Modules add their own namespaces as their chunks load (leads/texts). */
function loadCatalogue(language: Language): Promise<void> {
  let loading = loaded.get(language);
  if (!loading) {
    loading = catalogues[language]().then((texts) => {
      // Deep, and not over what a module may have added to the namespace already.
      i18n.addResourceBundle(language, 'translation', texts, true, false);
    });
    // A failed fetch (a deployment replaced the chunk) may be tried again on the next switch.
    loading.catch(() => loaded.delete(language));
    loaded.set(language, loading);
  }
  return loading;
}

/** Switches the UI and remembers the choice for the next visit to the login page. */
export async function applyLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // See storedLanguage.
  }
  await loadCatalogue(language);
  document.documentElement.lang = language;
  if (i18n.resolvedLanguage !== language) await i18n.changeLanguage(language);
}

const initial = detectLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: {},
  // Catalogues arrive as chunks (loadCatalogue); modules add namespaces with addResourceBundle.
  partialBundledLanguages: true,
  lng: initial,
  // Every German text exists (the catalogue's type says so): nothing falls back to a catalogue not loaded.
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  // React escapes what it renders; i18next escaping on top would show entities such as &amp;.
  interpolation: { escapeValue: false },
});

/**
 * Settled once the first language's texts are there: the app renders after it, so no screen shows keys. i18next
 * resolves the language (`resolvedLanguage`, which formats numbers and dates) only among languages with texts, so
 * it is set again once they arrived.
 */
export const i18nReady: Promise<void> = loadCatalogue(initial).then(async () => {
  await i18n.changeLanguage(initial);
});

export { i18n };
