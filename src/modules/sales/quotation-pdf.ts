import { sql } from 'kysely';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Actor } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import type { ApiRecord } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import type { TaxRow } from '../../shared/document-totals.js';
import type { DocumentLine } from './document.js';
import { COMPANY_SETTINGS_ID, ITEM_UNITS } from './entities.js';
import { quotationEntity } from './quotation-entity.js';
import { PDF_WORDS as WORDS, UNIT_PLURALS } from './quotation-pdf-texts.js';
import { amountInWords } from './words.js';

/**
 * The quotation as a PDF in English or German: the company's letterhead (logo, name, address), the recipient, the
 * quotation's dates, its lines, taxes and totals as stored (never computed again here), the amount in words, the
 * terms, and a footer with the company's contact and bank details and page numbers. pdfmake with the PDF standard
 * font Helvetica (WinAnsi: umlauts, ß and € print; nothing to embed, nothing downloaded); drafts carry a mark.
 */

const HELVETICA = {
  normal: 'Helvetica',
  bold: 'Helvetica-Bold',
  italics: 'Helvetica-Oblique',
  bolditalics: 'Helvetica-BoldOblique',
};
pdfmake.setFonts({ Helvetica: HELVETICA });
// A document is built from data only: no URL is read while rendering, and no file but the standard fonts' metrics
// (which pdfmake asks for by these names).
const STANDARD_FONTS = new Set(Object.values(HELVETICA));
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => STANDARD_FONTS.has(file));

type Language = 'en' | 'de';

interface Company {
  name: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  tax_id: string | null;
  bank_name: string | null;
  iban: string | null;
  bic: string | null;
  logo: string | null;
}

interface Recipient {
  name: string;
  contact: string | null;
  address: string[];
}

async function readCompany(db: Db): Promise<Company> {
  const { rows } =
    await sql<Company>`SELECT name, street, postcode, city, country, email, phone, website, tax_id,
      bank_name, iban, bic, logo FROM company_settings WHERE id = ${COMPANY_SETTINGS_ID}::uuid`.execute(db);
  return rows[0] as Company;
}

/** Who the quotation is to: the party's name, the contact, and the quotation's address or the party's first. */
async function readRecipient(db: Db, quotation: ApiRecord): Promise<Recipient> {
  const { rows } = await sql<{ name: string | null; contact: string | null; address: string[] | null }>`SELECT
      coalesce(c.name, p.name, l.company_name, l.title) AS name,
      (SELECT full_name FROM contacts WHERE id = ${(quotation.contactId as string | null) ?? null}::uuid) AS contact,
      (SELECT formatted_lines FROM addresses
        WHERE id = coalesce(${(quotation.addressId as string | null) ?? null}::uuid, c.primary_address_id,
          p.primary_address_id)) AS address
    FROM (SELECT 1) AS one
    LEFT JOIN customers c ON c.id = ${(quotation.customerId as string | null) ?? null}::uuid
    LEFT JOIN prospects p ON p.id = ${(quotation.prospectId as string | null) ?? null}::uuid
    LEFT JOIN leads l ON l.id = ${(quotation.leadId as string | null) ?? null}::uuid`.execute(db);
  const row = rows[0];
  return { name: row?.name ?? '', contact: row?.contact ?? null, address: row?.address ?? [] };
}

async function taxNames(db: Db, taxes: TaxRow[], language: Language): Promise<Map<string, string>> {
  const ids = taxes.map((tax) => tax.taxTemplateId);
  const { rows } = await sql<{ id: string; name: string; name_de: string | null }>`SELECT id, name, name_de
    FROM tax_templates WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.map((row) => [row.id, (language === 'de' && row.name_de) || row.name]));
}

function formatters(language: Language, currency: string) {
  const locale = language === 'de' ? 'de-DE' : 'en-US';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const plurals = new Intl.PluralRules(locale);
  return {
    // Decimal strings go to Intl as they are, never through floating point.
    money: (value: string) => money.format(value as Intl.StringNumericLiteral),
    number: (value: string) => number.format(value as Intl.StringNumericLiteral),
    date: (value: string) => date.format(new Date(`${value}T00:00:00Z`)),
    unit: (value: string, qty: string) => {
      const plural = plurals.select(Number(qty)) !== 'one' ? UNIT_PLURALS[language][value] : undefined;
      return plural ?? ITEM_UNITS.find((unit) => unit.value === value)?.label[language] ?? value;
    },
  };
}

const compact = (parts: Array<string | null | undefined>) => parts.filter((part): part is string => !!part);

export function quotationDocument(
  quotation: ApiRecord,
  company: Company,
  recipient: Recipient,
  taxLabels: Map<string, string>,
  language: Language,
): TDocumentDefinitions {
  const w = WORDS[language];
  const f = formatters(language, quotation.currency as string);
  const lines = quotation.lines as DocumentLine[];
  const taxes = quotation.taxes as TaxRow[];
  const companyLine = compact([
    company.name,
    company.street,
    compact([company.postcode, company.city]).join(' '),
  ]);
  const hasDiscount = Number(quotation.discountTotal) !== 0;
  const totalRow = (label: string, value: string, bold = false) => [
    { text: label, bold },
    { text: value, alignment: 'right' as const, bold },
  ];
  const totals = [
    ...(hasDiscount
      ? [
          totalRow(w.totalBeforeDiscount, f.money(quotation.totalBeforeDiscount as string)),
          totalRow(w.discountTotal, f.money(`-${quotation.discountTotal as string}`)),
        ]
      : []),
    totalRow(w.netTotal, f.money(quotation.netTotal as string)),
    ...taxes.map((tax) => {
      const name = taxLabels.get(tax.taxTemplateId) ?? `${tax.rate} %`;
      return totalRow(
        tax.inclusive ? w.inclusive(name) : w.tax(name, f.money(tax.base)),
        f.money(tax.amount),
      );
    }),
    totalRow(w.grandTotal, f.money(quotation.grandTotal as string)),
    ...(Number(quotation.roundingAdjustment) !== 0
      ? [totalRow(w.rounding, f.money(quotation.roundingAdjustment as string))]
      : []),
    totalRow(w.roundedTotal, f.money(quotation.roundedTotal as string), true),
  ];
  const header: Content = {
    columns: [
      {
        stack: [
          { text: company.name, fontSize: 14, bold: true },
          { text: companyLine.slice(1).join(' · '), fontSize: 8 },
        ],
      },
      company.logo ? { image: company.logo, fit: [140, 50], alignment: 'right' } : { text: '' },
    ],
    margin: [0, 0, 0, 24],
  };
  const meta = compact([
    `${w.number}: ${quotation.number as string}`,
    `${w.date}: ${f.date(quotation.transactionDate as string)}`,
    quotation.validTill ? `${w.validTill}: ${f.date(quotation.validTill as string)}` : null,
    recipient.contact ? `${w.contact}: ${recipient.contact}` : null,
  ]);
  const content: Content[] = [
    header,
    {
      columns: [
        {
          stack: [
            { text: companyLine.join(' · '), fontSize: 7, color: '#666666', margin: [0, 0, 0, 4] },
            { text: recipient.name, bold: true },
            ...recipient.address.map((line) => ({ text: line })),
          ],
        },
        { stack: meta.map((text) => ({ text, alignment: 'right' as const })), width: 200 },
      ],
      margin: [0, 0, 0, 24],
    },
    {
      text: [
        `${w.title} ${quotation.number as string}`,
        ...(quotation.status === 'draft' ? [{ text: `  ${w.draft}`, color: '#c92a2a', fontSize: 11 }] : []),
      ],
      fontSize: 16,
      bold: true,
      margin: [0, 0, 0, 12],
    },
    {
      table: {
        headerRows: 1,
        widths: [24, '*', 60, 70, 36, 70],
        body: [
          [w.position, w.description, w.qty, w.rate, w.discount, w.amount].map((text, i) => ({
            text,
            bold: true,
            alignment: i >= 2 ? ('right' as const) : ('left' as const),
          })),
          ...lines.map((line, i) => [
            String(i + 1),
            line.description,
            { text: `${f.number(line.qty)} ${f.unit(line.unit, line.qty)}`, alignment: 'right' as const },
            { text: f.money(line.rate), alignment: 'right' as const },
            {
              text: line.discountPercent ? `${f.number(line.discountPercent)} %` : '',
              alignment: 'right' as const,
            },
            { text: f.money(line.amount), alignment: 'right' as const },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    {
      columns: [
        { text: '' },
        { table: { widths: ['*', 90], body: totals }, layout: 'noBorders', width: 260 },
      ],
      margin: [0, 12, 0, 0],
    },
    {
      text: `${w.inWords}: ${amountInWords(quotation.roundedTotal as string, quotation.currency as string, language)}`,
      italics: true,
      margin: [0, 12, 0, 0],
    },
    ...(quotation.terms
      ? [
          { text: w.terms, bold: true, margin: [0, 18, 0, 4] } as Content,
          { text: quotation.terms as string, fontSize: 8 } as Content,
        ]
      : []),
  ];
  const footer = compact([
    compact([company.name, company.street, compact([company.postcode, company.city]).join(' ')]).join(', '),
    compact([company.phone, company.email, company.website]).join(' · '),
    compact([
      company.tax_id ? `${w.vatId} ${company.tax_id}` : null,
      company.bank_name,
      company.iban ? `IBAN ${company.iban}` : null,
      company.bic ? `BIC ${company.bic}` : null,
    ]).join(' · '),
  ]).filter(Boolean);
  return {
    info: { title: `${w.title} ${quotation.number as string}`, author: company.name, creator: 'Open CRM' },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 72],
    defaultStyle: { font: 'Helvetica', fontSize: 9, lineHeight: 1.2 },
    ...(quotation.status === 'draft'
      ? { watermark: { text: w.draft, fontSize: 90, opacity: 0.06, bold: true, angle: -40 } }
      : {}),
    content,
    footer: (page, pages) => ({
      margin: [48, 12, 48, 0],
      columns: [
        { stack: footer.map((text) => ({ text, fontSize: 7, color: '#555555' })) },
        { text: w.page(page, pages), fontSize: 7, alignment: 'right', width: 80 },
      ],
    }),
  };
}

/** The PDF of a quotation the actor may read, in `language` or the quotation's own. */
export async function renderQuotationPdf(
  records: Records,
  actor: Actor,
  id: string,
  language?: Language,
): Promise<{ quotation: ApiRecord; pdf: Buffer }> {
  const quotation = await records.get(actor, quotationEntity, id);
  const lang = language ?? (quotation.language as Language);
  const [company, recipient] = [await readCompany(records.db), await readRecipient(records.db, quotation)];
  const labels = await taxNames(records.db, quotation.taxes as TaxRow[], lang);
  const definition = quotationDocument(quotation, company, recipient, labels, lang);
  const pdf = await pdfmake.createPdf(definition).getBuffer();
  return { quotation, pdf };
}
