import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedTable, uuidv7Sql } from './seed-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Seeds the real `contacts` table (made by migration 0006 when the bench server started) with generated people:
 * 80 first names × 150 last names (a last name is shared by about 0.7 % of rows, as common surnames are), one
 * e-mail and one phone each (E.164, in the json lists and the primary columns, as the module stores them),
 * a salutation, a job title, one of 6,000 company names, owners spread over the benchmark's representatives, 1 % in
 * the trash. Indexes and the search-word trigger are out of the way during the insert (seedTable). The name and
 * company lists (SQL array literals) serve the leads benchmark too.
 */
export const FIRST = `ARRAY['Anna','Ben','Chen','David','Elif','Fatima','Georg','Hana','Ivan','Julia','Karl','Lena','Mehmet',
  'Nina','Oskar','Paula','Quentin','Rosa','Sven','Tanja','Ugo','Vera','Walter','Xenia','Yusuf','Zoe','Ahmed','Birgit',
  'Carlos','Dana','Emil','Frieda','Gustav','Heike','Ingo','Jana','Klaus','Lotte','Moritz','Nora','Olaf','Petra','Ralf',
  'Sabine','Tobias','Ute','Viktor','Wiebke','Yvonne','Zeynep','Aiko','Björn','Clara','Dieter','Eva','Felix','Greta',
  'Hans','Irene','Jörg','Katrin','Lars','Marta','Niklas','Olga','Pia','Rainer','Silke','Till','Ulla','Vincent',
  'Wanda','Maximilian','Sophie','Leon','Mia','Paul','Emma','Jonas','Hannah']`;
export const LAST = `ARRAY['Müller','Schmidt','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Schulz','Hoffmann',
  'Schäfer','Koch','Bauer','Richter','Klein','Wolf','Schröder','Neumann','Schwarz','Zimmermann','Braun','Krüger',
  'Hofmann','Hartmann','Lange','Schmitt','Werner','Schmitz','Krause','Meier','Lehmann','Schmid','Schulze','Maier',
  'Köhler','Herrmann','König','Walter','Mayer','Huber','Kaiser','Fuchs','Peters','Lang','Scholz','Möller','Weiß',
  'Jung','Hahn','Schubert','Vogel','Friedrich','Keller','Günther','Frank','Berger','Winkler','Roth','Beck','Lorenz',
  'Baumann','Franke','Albrecht','Schuster','Simon','Ludwig','Böhm','Winter','Kraus','Martin','Schumacher','Krämer',
  'Vogt','Stein','Jäger','Otto','Sommer','Groß','Seidel','Heinrich','Brandt','Haas','Schreiber','Graf','Schulte',
  'Dietrich','Ziegler','Kuhn','Kühn','Pohl','Engel','Horn','Busch','Bergmann','Thomas','Voigt','Sauer','Arnold',
  'Wolff','Pfeiffer','Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
  'Hernandez','Lopez','Gonzalez','Wilson','Anderson','Taylor','Moore','Jackson','Lee','Perez','Thompson','White',
  'Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young','Allen','Wright','Scott','Torres',
  'Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall','Rivera','Campbell','Mitchell','Carter','Yilmaz',
  'Kaya','Demir','Şahin','Çelik','Yıldız']`;

/** 40 × 25 × 6 company names: a company word is shared by 2.5 % of the contacts, as common words in names are. */
export const COMPANY = `ARRAY['Acme','Globex','Initech','Umbrella','Hooli','Nordwind','Sonnenschein','Alpen','Rhein','Elbe',
  'Hanse','Brocken','Taunus','Eifel','Spree','Isar','Main','Weser','Ostsee','Nordsee','Adler','Falke','Löwe','Bär',
  'Stern','Sonne','Mond','Blitz','Kristall','Granit','Eiche','Linde','Tanne','Ahorn','Quelle','Brücke','Turm','Hafen',
  'Mühle','Werft']`;
export const SECTOR = `ARRAY['Logistik','Foods','Software','Energie','Handel','Bau','Maschinenbau','Pharma','Textil','Druck',
  'Medien','Beratung','Versicherung','Immobilien','Automotive','Chemie','Elektro','Optik','Möbel','Getränke',
  'Reisen','Sicherheit','Umwelttechnik','Verpackung','Werkzeuge']`;

/** Made-up words added to global search's vocabulary (see seedContacts). */
const VOCABULARY = 300_000;

export const SEED_LAST_NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Hoffmann',
  'Zimmermann',
  'Hartmann',
  'Bergmann',
  'Robinson',
  'Campbell',
  'Mitchell',
];

const INSERT_ROWS = `
INSERT INTO contacts (id, created_at, updated_at, created_by, owner_id, version, deleted_at, salutation,
  first_name, last_name, full_name, job_title, company_name, emails, phones, primary_email, primary_phone)
SELECT
  ${uuidv7Sql('p.created_at')},
  p.created_at, p.created_at, p.owner_id, p.owner_id, 1,
  CASE WHEN random() < 0.01 THEN p.created_at END,
  (ARRAY['mr', 'ms', 'mx', 'dr'])[1 + floor(random() * 4)::int],
  p.first_name, p.last_name, p.first_name || ' ' || p.last_name,
  (ARRAY['CEO', 'Head of Purchasing', 'Buyer', 'CTO', 'Office Manager', 'Engineer', NULL])[1 + floor(random() * 7)::int],
  (${COMPANY})[1 + floor(random() * 40)::int]
    || ' ' || (${SECTOR})[1 + floor(random() * 25)::int]
    || ' ' || (ARRAY['GmbH', 'AG', 'KG', 'Ltd', 'Inc.', 'SE'])[1 + floor(random() * 6)::int],
  jsonb_build_array(jsonb_build_object('email', p.email, 'primary', true)),
  jsonb_build_array(jsonb_build_object('phone', p.phone, 'kind', 'work', 'extension', NULL, 'primary', true)),
  p.email, p.phone
FROM (
  SELECT g, n.*,
    now() - interval '3 years' * (1 - g::float8 / $1) AS created_at,
    ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int] AS owner_id,
    lower(translate(n.first_name || '.' || n.last_name, 'äöüßşçıÄÖÜŞÇ', 'aousscıaousc')) || '.' || g
      || '@' || (ARRAY['example.com', 'example.org', 'beispiel.de'])[1 + floor(random() * 3)::int] AS email,
    '+4930' || lpad((10000000 + g)::text, 8, '0') AS phone
  FROM generate_series(1, $1::int) AS g
  CROSS JOIN LATERAL (SELECT (${FIRST})[1 + floor(random() * 80)::int + (g * 0)] AS first_name,
    (${LAST})[1 + floor(random() * 150)::int + (g * 0)] AS last_name) n
) p`;

export async function seedContacts(
  url: string,
  rows: number,
  ownerIds: string[],
): Promise<{ seconds: number; tableMb: number; indexMb: number; words: number }> {
  const sizes = await seedTable(
    url,
    {
      table: 'contacts',
      searchWords: { trigger: 'contacts_search_words', columns: ['full_name', 'company_name'] },
    },
    async (client) => {
      // The bench server also serves the bench entity (bench/entity.ts); global search reads its table, so it
      // must exist, if empty.
      await client.query(fs.readFileSync(path.join(here, 'schema.sql'), 'utf8'));
      await client.query(INSERT_ROWS, [rows, ownerIds]);
      // These names make a vocabulary of a few hundred words; a million real people and their companies bring
      // hundreds of thousands. Made-up words of 4 to 12 letters stand in for them, so typos are corrected against
      // a vocabulary of a realistic size (and have near neighbours that find nothing, as real ones do).
      await client.query(`INSERT INTO search_words (word)
        SELECT translate(substr(md5(g::text), 1, 4 + g % 9), '0123456789', 'aeiouyrstn')
        FROM generate_series(1, ${VOCABULARY}) g ON CONFLICT DO NOTHING`);
    },
  );
  return {
    seconds: sizes.insert + sizes.indexes,
    tableMb: sizes.tableMb,
    indexMb: sizes.indexMb,
    words: sizes.words,
  };
}
