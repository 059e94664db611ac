import { type RawBuilder, sql } from 'kysely';
import type { ApiRecord } from '../../../core/row.js';
import type { Db } from '../../../db/connect.js';
import { FREE_MAIL_DOMAINS, FREE_MAIL_LIKE, emailDomain, isFreeMailDomain } from './free-mail.js';

/**
 * The learned probability: naive Bayes over categorical values of the lead, trained from this team's own history.
 *
 * Won: the lead was converted (status `converted`, or a live customer names it in `lead_id`).
 * Lost, unless won: its status is `lost_quotation` or `do_not_contact`, or it has the do-not-contact flag, or it
 * has live opportunities and all of them are lost.
 * Every other lead is still open and takes no part in training.
 *
 * Features are the values of FEATURES below, a missing value being a value of its own (""). With n_won and n_lost
 * leads, c(f = v | class) the count of class leads with value v of feature f, and V_f the number of values of f
 * seen in training plus one for values never seen, Laplace smoothing gives
 *   P(f = v | class) = (c(f = v | class) + 1) / (n_class + V_f),   prior odds (n_won + 1) / (n_lost + 1),
 * and a lead's log-odds of being won is ln(prior odds) + Σ_f ln(P(f = v | won) / P(f = v | lost)); the
 * probability is the logistic of it, in percent. Each term of the sum is the feature's contribution.
 */

export const FEATURES = [
  'industryId',
  'sourceId',
  'campaignId',
  'territoryId',
  'country',
  'rating',
  'employeeBand',
  'emailKind',
] as const;
export type Feature = (typeof FEATURES)[number];

/** Bands of employee counts, largest first: the band of a count is the first whose lower bound it reaches. */
export const EMPLOYEE_BANDS: Array<[number, string]> = [
  [1000, '1000+'],
  [250, '250-999'],
  [50, '50-249'],
  [10, '10-49'],
  [0, '0-9'],
];

export function employeeBand(employees: unknown): string {
  if (typeof employees !== 'number') return '';
  return EMPLOYEE_BANDS.find(([least]) => employees >= least)?.[1] ?? '';
}

export function emailKind(email: unknown): string {
  const domain = emailDomain(email);
  if (!domain) return '';
  return isFreeMailDomain(domain) ? 'free' : 'business';
}

/** A lead's value of every feature, as training counts it. */
export function featureValues(lead: ApiRecord): Record<Feature, string> {
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return {
    industryId: text(lead.industryId),
    sourceId: text(lead.sourceId),
    campaignId: text(lead.campaignId),
    territoryId: text(lead.territoryId),
    country: text(lead.country),
    rating: text(lead.rating),
    employeeBand: employeeBand(lead.employees),
    emailKind: emailKind(lead.email),
  };
}

type Counts = Record<string, number>;
export interface Model {
  trainedAt: string;
  won: number;
  lost: number;
  counts: Record<string, { won: Counts; lost: Counts }>;
}

export interface Prediction {
  /** Percent, two decimals. */
  probability: number;
  baseLogOdds: number;
  features: Array<{ feature: Feature; value: string; contribution: number }>;
}

export function predict(model: Model, lead: ApiRecord): Prediction {
  const baseLogOdds = Math.log((model.won + 1) / (model.lost + 1));
  const values = featureValues(lead);
  const features = FEATURES.map((feature) => {
    const value = values[feature];
    const counts = model.counts[feature] ?? { won: {}, lost: {} };
    const seen = new Set([...Object.keys(counts.won), ...Object.keys(counts.lost)]).size + 1;
    const won = ((counts.won[value] ?? 0) + 1) / (model.won + seen);
    const lost = ((counts.lost[value] ?? 0) + 1) / (model.lost + seen);
    return { feature, value, contribution: Math.log(won / lost) };
  });
  const logOdds = features.reduce((sum, f) => sum + f.contribution, baseLogOdds);
  const probability = Math.round(10_000 / (1 + Math.exp(-logOdds))) / 100;
  return { probability, baseLogOdds, features };
}

/** The features of FEATURES as SQL over `leads l`, in the same order; they must give what featureValues gives. */
function featureSql(): Array<[Feature, RawBuilder<unknown>]> {
  const domain = sql`lower(split_part(l.email, '@', 2))`;
  const bands = EMPLOYEE_BANDS.map(([least, band]) => sql`WHEN l.employees >= ${least} THEN ${band}`);
  return [
    ['industryId', sql`coalesce(l.industry_id::text, '')`],
    ['sourceId', sql`coalesce(l.source_id::text, '')`],
    ['campaignId', sql`coalesce(l.campaign_id::text, '')`],
    ['territoryId', sql`coalesce(l.territory_id::text, '')`],
    ['country', sql`coalesce(l.country, '')`],
    ['rating', sql`coalesce(l.rating, '')`],
    ['employeeBand', sql`CASE ${sql.join(bands, sql` `)} ELSE '' END`],
    [
      'emailKind',
      sql`CASE WHEN l.email IS NULL OR ${domain} = '' THEN ''
        WHEN ${domain} = ANY(${FREE_MAIL_DOMAINS}::text[]) OR ${domain} LIKE ANY(${FREE_MAIL_LIKE}::text[])
        THEN 'free' ELSE 'business' END`,
    ],
  ];
}

/** Counts the won and lost leads by feature value (see the definition above) in one statement. */
export async function trainModel(trx: Db, at = new Date()): Promise<Model> {
  const features = featureSql();
  const unpivot = sql.join(
    features.map(([name, expression]) => sql`(${name}, ${expression})`),
    sql`, `,
  );
  const { rows } = await sql<{ outcome: 'won' | 'lost'; feature: Feature; value: string; n: number }>`
    WITH outcomes AS (
      SELECT l.*, CASE
        WHEN l.status = 'converted' OR EXISTS (SELECT 1 FROM customers c
          WHERE c.lead_id = l.id AND c.deleted_at IS NULL) THEN 'won'
        WHEN l.status IN ('lost_quotation', 'do_not_contact') OR l.do_not_contact
          OR (EXISTS (SELECT 1 FROM opportunities o WHERE o.lead_id = l.id AND o.deleted_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM opportunities o
              WHERE o.lead_id = l.id AND o.deleted_at IS NULL AND o.status <> 'lost')) THEN 'lost'
        END AS outcome
      FROM leads l WHERE l.deleted_at IS NULL
    )
    SELECT l.outcome, f.feature, f.value, count(*)::int AS n
    FROM outcomes l CROSS JOIN LATERAL (VALUES ${unpivot}) AS f (feature, value)
    WHERE l.outcome IS NOT NULL
    GROUP BY l.outcome, f.feature, f.value`.execute(trx);
  const counts: Model['counts'] = Object.fromEntries(FEATURES.map((f) => [f, { won: {}, lost: {} }]));
  const totals = { won: 0, lost: 0 };
  for (const row of rows) {
    const entry = counts[row.feature];
    if (!entry) continue;
    entry[row.outcome][row.value] = row.n;
    // Every lead has one value of every feature: one feature's counts add up to the class's size.
    if (row.feature === FEATURES[0]) totals[row.outcome] += row.n;
  }
  const model: Model = { trainedAt: at.toISOString(), ...totals, counts };
  await sql`INSERT INTO lead_scoring_model (id, trained_at, won, lost, counts)
    VALUES (true, ${at}, ${model.won}, ${model.lost}, ${JSON.stringify(counts)})
    ON CONFLICT (id) DO UPDATE SET trained_at = EXCLUDED.trained_at, won = EXCLUDED.won, lost = EXCLUDED.lost,
      counts = EXCLUDED.counts`.execute(trx);
  return model;
}
