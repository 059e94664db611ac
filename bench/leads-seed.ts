import { COMPANY, FIRST, LAST, SECTOR } from './contacts-seed.js';
import { type SeedSizes, seedTable, uuidv7Sql } from './seed-table.js';

/**
 * Seeds the real `leads` table (migration 0010, made when the bench server started) with generated leads, oldest
 * first over three years, in one INSERT … SELECT that PostgreSQL runs itself:
 *  - people from the contacts benchmark's 80 first × 150 last names; 8 % are a company only (the title is then the
 *    company, as the leads module sets it); 85 % name one of 6,000 companies (40 words × 25 sectors × 6 forms);
 *  - e-mail (90 %) in lower case at the company's domain or a mail provider, phone (70 %, Berlin, Hamburg, Munich
 *    or Frankfurt) and mobile (40 %) in E.164, each unique by the row number; no lead shares one with a contact of
 *    bench/contacts-seed.ts (other domains and number ranges);
 *  - statuses as a pipeline ages: new leads are mostly "lead" (not yet contacted), older ones open, replied or
 *    interested; 4 % do not want to be contacted (with the flag); qualification follows the status;
 *  - a source from `lead_sources`, a score skewed low (interested and replied leads score higher) with its grade,
 *    a rating, a job title, company size and revenue, a city in Germany;
 *  - owners spread at random over the representatives, 3 % still unassigned (no owner: web forms, imports),
 *    1 % in the trash.
 * Indexes and the search-word trigger are out of the way during the insert (seedTable).
 */
const INSERT_ROWS = `
INSERT INTO leads (id, created_at, updated_at, created_by, owner_id, version, deleted_at, salutation, first_name,
  last_name, title, job_title, company_name, email, phone, mobile, website, employees, annual_revenue, city,
  country, source_id, rating, status, user_status, do_not_contact, qualification_status, qualified_by,
  qualified_on, score, grade)
SELECT
  ${uuidv7Sql('s.created_at')},
  s.created_at, s.created_at + interval '2 days' * s.r_upd, s.owner_id, s.owner_id, 1 + floor(s.r_upd * 4)::int,
  CASE WHEN random() < 0.01 THEN s.created_at END,
  CASE WHEN s.first_name IS NOT NULL THEN (ARRAY['mr', 'ms', 'mx', 'dr', 'prof', NULL])[1 + floor(random() * 6)::int] END,
  s.first_name, s.last_name,
  coalesce(s.first_name || ' ' || s.last_name, s.company),
  CASE WHEN s.first_name IS NOT NULL THEN (ARRAY['CEO', 'Head of Purchasing', 'Buyer', 'CTO', 'Office Manager',
    'Engineer', 'Marketing Manager', NULL])[1 + floor(random() * 8)::int] END,
  s.company,
  CASE WHEN random() < 0.9 THEN lower(translate(coalesce(s.first_name || '.' || s.last_name, 'info'),
      'äöüßşçıÄÖÜŞÇ', 'aousscıaousc')) || '.' || s.g || '@' || s.domain END,
  CASE WHEN random() < 0.7 THEN '+49' || (ARRAY['30', '40', '89', '69'])[1 + floor(random() * 4)::int]
    || (20000000 + s.g) END,
  CASE WHEN random() < 0.4 THEN '+49' || (ARRAY['151', '160', '170', '176'])[1 + floor(random() * 4)::int]
    || (10000000 + s.g) END,
  CASE WHEN s.company IS NOT NULL THEN 'https://www.' || s.domain END,
  CASE WHEN s.company IS NOT NULL THEN (ARRAY[5, 20, 50, 200, 1000, 5000])[1 + floor(random() * 6)::int] END,
  CASE WHEN s.company IS NOT NULL AND random() < 0.5 THEN round((random() * random() * 50000000)::numeric, 2) END,
  (ARRAY['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig',
    'Dresden', 'Hannover'])[1 + floor(random() * 10)::int],
  'DE',
  ($3::uuid[])[1 + floor(random() * cardinality($3::uuid[]))::int],
  (ARRAY['hot', 'warm', 'cold', NULL])[1 + floor(random() * 4)::int],
  s.status, s.status, s.status = 'do_not_contact',
  CASE WHEN s.qualified THEN 'qualified'
       WHEN s.status IN ('replied', 'interested') THEN 'in_process' ELSE 'unqualified' END,
  CASE WHEN s.qualified THEN s.owner_id END,
  CASE WHEN s.qualified THEN (s.created_at + interval '7 days')::date END,
  s.score,
  CASE WHEN s.score >= 75 THEN 'A' WHEN s.score >= 50 THEN 'B' WHEN s.score >= 25 THEN 'C' ELSE 'D' END
FROM (
  SELECT p.*, p.status = 'interested' AND p.r_qual < 0.4 AS qualified,
    least(100, floor(random() ^ 2 * 80)::int
      + CASE p.status WHEN 'interested' THEN 20 WHEN 'replied' THEN 10 ELSE 0 END) AS score,
    CASE WHEN p.company IS NULL THEN (ARRAY['example.net', 'mail.example', 'post.example'])[1 + floor(random() * 3)::int]
      ELSE lower(translate(p.word, 'äöüßÄÖÜ', 'aousAOU')) || '-' || lower(translate(p.sector, 'äöüßÄÖÜ', 'aousAOU'))
        || '.example.com' END AS domain
  FROM (
    SELECT g, w.*,
      now() - interval '3 years' * (1 - g::float8 / $1) AS created_at,
      CASE WHEN r_owner < 0.03 THEN NULL
        ELSE ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int] END AS owner_id,
      CASE WHEN r_person < 0.08 THEN NULL ELSE (${FIRST})[1 + floor(random() * 80)::int] END AS first_name,
      CASE WHEN r_person < 0.08 THEN NULL ELSE (${LAST})[1 + floor(random() * 150)::int] END AS last_name,
      CASE WHEN r_person < 0.08 OR random() < 0.84 THEN w.word || ' ' || w.sector || ' '
        || (ARRAY['GmbH', 'AG', 'KG', 'Ltd', 'Inc.', 'SE'])[1 + floor(random() * 6)::int] END AS company,
      CASE WHEN r_status < 0.04 THEN 'do_not_contact'
           WHEN r_status < 0.04 + 0.5 * g::float8 / $1 THEN 'lead'
           WHEN r_status < 0.65 THEN 'open'
           WHEN r_status < 0.85 THEN 'replied'
           ELSE 'interested' END AS status
    FROM generate_series(1, $1::int) AS g
    CROSS JOIN LATERAL (SELECT random() AS r_upd, random() AS r_owner, random() AS r_person, random() AS r_status,
      random() AS r_qual,
      (${COMPANY})[1 + floor(random() * 40)::int + (g * 0)] AS word,
      (${SECTOR})[1 + floor(random() * 25)::int + (g * 0)] AS sector) w
  ) p
) s`;

export type LeadSeed = SeedSizes & { seconds: number };

/** Seeds `rows` leads owned by `ownerIds` (and 3 % by nobody); returns seconds per phase and sizes. */
export async function seedLeads(url: string, rows: number, ownerIds: string[]): Promise<LeadSeed> {
  const sizes = await seedTable(
    url,
    { table: 'leads', searchWords: { trigger: 'leads_search_words', columns: ['title', 'company_name'] } },
    async (client) => {
      const sources = await client.query<{ ids: string[] }>(
        'SELECT array_agg(id ORDER BY id)::text[] AS ids FROM lead_sources WHERE deleted_at IS NULL',
      );
      const sourceIds = sources.rows[0]?.ids ?? [];
      if (sourceIds.length === 0) throw new Error('lead_sources is empty: migration 0010 seeds it');
      // Owners and sources are drawn from their own tables, so every reference holds by construction; checking
      // each row's four foreign keys took half the insert. Triggers off for this transaction only, as
      // pg_restore --disable-triggers loads data.
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(INSERT_ROWS, [rows, ownerIds, sourceIds]);
      await client.query('COMMIT');
    },
  );
  return { seconds: sizes.insert + sizes.indexes, ...sizes };
}
