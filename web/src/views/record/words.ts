import type { Language } from '../../app/i18n';

/**
 * An entity's label inside a sentence: English writes "New customer" but keeps "API key"; German nouns keep
 * their capital ("Neuer Kunde"). Labels from /meta are written to stand alone, as headings.
 */
export function inSentence(text: string, language: Language): string {
  if (language !== 'en' || !/^[A-Z][a-z]/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
