import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from './auth';
import { type Formatter, formatter } from './format';
import { isLanguage } from './i18n';

/** Formatters for the UI's language and the logged-in user's time zone (UTC before login). */
export function useFormat(): Formatter {
  const { i18n } = useTranslation();
  const timeZone = useMe().data?.timeZone;
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return useMemo(() => formatter(language, timeZone), [language, timeZone]);
}
