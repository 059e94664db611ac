import 'i18next';
import type { en } from './locales/en';

// Typed translation keys: t('nav.settigns') is a type error, not an English key shown on screen.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
