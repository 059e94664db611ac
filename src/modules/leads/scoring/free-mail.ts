/**
 * Free-mail providers: an address there says nothing about the company a lead works for, so the built-in
 * "business e-mail" condition and the model's e-mail feature tell them apart. Families are providers with a domain
 * per country (yahoo.de, yahoo.co.uk …), matched by their first label.
 */
export const FREE_MAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'web.de',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'outlook.com',
  'outlook.de',
  'hotmail.com',
  'hotmail.de',
  'live.com',
  'live.de',
  'msn.com',
  't-online.de',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.de',
  'freenet.de',
  'arcor.de',
  'posteo.de',
  'mailbox.org',
  'protonmail.com',
  'proton.me',
  'yandex.com',
  'mail.ru',
  'zoho.com',
  'gmx.com',
  'mail.com',
];
export const FREE_MAIL_FAMILIES = ['yahoo', 'ymail', 'hotmail', 'outlook', 'live', 'gmx'];

const exact = new Set(FREE_MAIL_DOMAINS);

/** The domain of an address, lower case; null without one. */
export function emailDomain(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const at = email.lastIndexOf('@');
  const domain =
    at < 0
      ? ''
      : email
          .slice(at + 1)
          .trim()
          .toLowerCase();
  return domain || null;
}

export function isFreeMailDomain(domain: string): boolean {
  return exact.has(domain) || FREE_MAIL_FAMILIES.some((family) => domain.startsWith(`${family}.`));
}

/** The same test as LIKE patterns, for SQL over many leads (model training). */
export const FREE_MAIL_LIKE = FREE_MAIL_FAMILIES.map((family) => `${family}.%`);
