import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionedIds, plainText, sanitizeNote } from './sanitize.js';

/** Hostile HTML, property-based: whatever arrives, the stored note holds no script, handler or dangerous URL. */

const ALLOWED = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote']);
for (const tag of ['code', 'pre', 'h3', 'h4', 'a', 'span']) ALLOWED.add(tag);

const tagName = fc.constantFrom(
  'script',
  'SCRIPT',
  'img',
  'svg',
  'iframe',
  'style',
  'a',
  'span',
  'p',
  'b',
  'object',
  'math',
  'form',
  'input',
  'body',
  'template',
  'li',
);
const attribute = fc.oneof(
  fc.constantFrom(
    'onerror=alert(1)',
    'onclick="steal()"',
    "OnLoad='x()'",
    'href="javascript:alert(1)"',
    'href="JaVaScRiPt:alert(1)"',
    'href=" javascript:alert(1)"',
    'href="java&#x73;cript:alert(1)"',
    'href="data:text/html;base64,PHNjcmlwdD4="',
    'href="//evil.example"',
    'href="https://ok.example"',
    'src="x"',
    'style="background:url(javascript:x)"',
    'data-mention="01900000-0000-7000-8000-000000000001"',
    'data-mention="javascript:1"',
    'formaction="javascript:1"',
  ),
  fc.string({ maxLength: 12 }).map((value) => `title="${value}"`),
);
const element = fc
  .tuple(tagName, fc.array(attribute, { maxLength: 3 }), fc.string({ maxLength: 20 }), fc.boolean())
  .map(
    ([tag, attributes, text, closed]) =>
      `<${[tag, ...attributes].join(' ')}>${text}${closed ? `</${tag}>` : ''}`,
  );
const hostile = fc
  .array(
    fc.oneof(
      element,
      fc.string({ maxLength: 15 }),
      fc.constantFrom('<', '>', '"', '&', '<!--', '-->', '<![CDATA['),
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));

describe('sanitising notes', () => {
  it('leaves no script, event handler, style or dangerous URL, only allowed tags', () => {
    fc.assert(
      fc.property(hostile, (html) => {
        const clean = sanitizeNote(html);
        // Text may say anything ("onerror=…" is harmless as text); tags and attributes are what a browser runs.
        for (const [, name, attributes] of clean.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
          expect(ALLOWED.has((name as string).toLowerCase()), name).toBe(true);
          for (const [, attribute, value] of (attributes as string).matchAll(/([^\s=]+)="([^"]*)"/g)) {
            expect(['href', 'title', 'rel', 'target', 'data-mention'], attribute).toContain(attribute);
            if (attribute === 'href') expect(value).toMatch(/^(https?:\/\/[^/]|mailto:)/i);
            if (attribute === 'data-mention') expect(value).toMatch(/^[0-9a-f-]{36}$/);
          }
        }
        // And the text cannot open a tag of its own.
        expect(clean.replace(/<\/?[a-zA-Z][a-zA-Z0-9]*[^>]*>/g, '')).not.toMatch(/<[a-zA-Z!/?]/);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps formatting, safe links and mentions, and reads as plain text', () => {
    const id = '01900000-0000-7000-8000-00000000000a';
    const clean = sanitizeNote(
      `<p>Offer &amp; <strong>terms</strong> &lt;v2&gt;</p><ul><li>one</li></ul>` +
        `<a href="https://example.com/x?a=1&b=2">site</a><span data-mention="${id.toUpperCase()}">@Ann</span>`,
    );
    expect(clean).toBe(
      `<p>Offer &amp; <strong>terms</strong> &lt;v2&gt;</p><ul><li>one</li></ul>` +
        `<a href="https://example.com/x?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">site</a>` +
        `<span data-mention="${id}">@Ann</span>`,
    );
    expect(plainText(clean)).toBe('Offer & terms <v2> one site@Ann');
    expect(mentionedIds(clean)).toEqual([id]);
  });
});
