import sanitizeHtml from 'sanitize-html';

/**
 * What a note's HTML may keep (sanitize-html, an allow-list parser): text formatting, lists, quotes, code, links
 * over http(s) and mailto, and mentions. Everything else goes — scripts and styles with their content, event
 * handlers, `javascript:` and data URLs, unknown tags (their text stays). Runs on every write, so what is stored
 * and served back is always clean, whatever a client sent.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'h3',
    'h4',
    'a',
    'span',
  ],
  // rel and target come from the transform below, which overrides what a client sent.
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], span: ['data-mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Removed with their content: what they hold was never meant to be read as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template'],
  allowedSchemesAppliedToAttributes: ['href'],
  transformTags: {
    // Links open outside the CRM without handing it to the page they open.
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    // A mention names a user by id; anything else in the attribute makes no mention (the text stays).
    span: (tagName, given) => {
      const id = given['data-mention'];
      const attribs: sanitizeHtml.Attributes =
        id && UUID.test(id) ? { 'data-mention': id.toLowerCase() } : {};
      return { tagName, attribs };
    },
  },
};

export function sanitizeNote(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** The note as plain text, spaces collapsed: its summary (title in lists and search) and what search reads. */
export function plainText(html: string): string {
  return (
    sanitizeHtml(html.replace(/<(br|\/p|\/li|\/h[34]|\/blockquote)\s*\/?>/gi, ' $&'), {
      allowedTags: [],
      allowedAttributes: {},
    })
      // sanitize-html escapes these four in text; the ampersand last, so "&amp;lt;" stays "&lt;".
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The users a clean note mentions, in order, once each. */
export function mentionedIds(cleanHtml: string): string[] {
  const ids = [...cleanHtml.matchAll(/<span data-mention="([0-9a-f-]{36})"/gi)].map((match) =>
    (match[1] as string).toLowerCase(),
  );
  return [...new Set(ids)];
}
