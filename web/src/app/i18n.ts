/**
 * i18next with the English and German texts bundled (a few KB: loading them later would cost a round trip on the
 * first paint). The language is the user's (from /auth/me) once logged in; before that, the one last used in this
 * browser, else the browser's own preference.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './locales/de';
import { en } from './locales/en';
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

/** Switches the UI and remembers the choice for the next visit to the login page. */
export async function applyLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // See storedLanguage.
  }
  document.documentElement.lang = language;
  if (i18n.resolvedLanguage !== language) await i18n.changeLanguage(language);
}

const initial = detectLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // The resources are in the bundle: initialise synchronously so the first render already has its texts.
  initAsync: false,
  // React escapes what it renders; i18next escaping on top would show entities such as &amp;.
  interpolation: { escapeValue: false },
});

export { i18n };
