import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Records } from '../../../core/records.js';
import type { Db } from '../../../db/connect.js';
import { type ScoringRule, ruleFromRow } from './conditions.js';
import type { Thresholds } from './evaluate.js';
import type { Model } from './model.js';

export interface ScoringSettings {
  gradeA: number;
  gradeB: number;
  gradeC: number;
  /** The learned probability is used once the model has seen this many won and lost leads. */
  minWon: number;
  minLost: number;
  updatedAt: string;
}

export interface ScoringState {
  settings: ScoringSettings;
  thresholds: Thresholds;
  rules: ScoringRule[];
  /** Null until trained; also when trained on less history than the settings ask for. */
  usableModel: Model | null;
  model: Model | null;
}

interface SettingsRow {
  grade_a: number;
  grade_b: number;
  grade_c: number;
  min_won: number;
  min_lost: number;
  updated_at: string;
  revision: string;
}

export async function readSettings(trx: Db): Promise<ScoringSettings & { revision: string }> {
  const { rows } =
    await sql<SettingsRow>`SELECT grade_a, grade_b, grade_c, min_won, min_lost, updated_at, revision
    FROM lead_scoring_settings WHERE id`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('lead_scoring_settings has no row (migration 0014)');
  return {
    gradeA: row.grade_a,
    gradeB: row.grade_b,
    gradeC: row.grade_c,
    minWon: row.min_won,
    minLost: row.min_lost,
    updatedAt: row.updated_at,
    revision: row.revision,
  };
}

/**
 * Marks rules, thresholds or model as changed, in the transaction that changes them. Servers see the new revision
 * on their next lead write and reload; see the migration for why a revision is a fresh UUID.
 */
export async function renewRevision(trx: Db): Promise<void> {
  await sql`UPDATE lead_scoring_settings SET revision = ${uuidv7()} WHERE id`.execute(trx);
}

interface Loaded {
  revision: string;
  rules: ScoringRule[];
  model: Model | null;
}

/**
 * The active rules and the model, kept in memory per server. Every use reads the settings row (one primary-key
 * read, which a lead write can afford) and reloads rules and model only when its revision changed: a server never
 * scores with rules another server changed and committed, and needs no notification channel to know.
 */
export class ScoringEngine {
  #loaded: Loaded | undefined;

  async state(trx: Db): Promise<ScoringState> {
    const { revision, ...settings } = await readSettings(trx);
    const loaded = this.#loaded?.revision === revision ? this.#loaded : await this.#load(trx);
    const { gradeA: a, gradeB: b, gradeC: c } = settings;
    const model = loaded.model;
    const usable = model && model.won >= settings.minWon && model.lost >= settings.minLost ? model : null;
    return { settings, thresholds: { a, b, c }, rules: loaded.rules, model, usableModel: usable };
  }

  /** Rules, model and the revision they belong to, from one statement: one snapshot. */
  async #load(trx: Db): Promise<Loaded> {
    const { rows } = await sql<{ revision: string; rules: unknown; model: unknown }>`
      SELECT s.revision,
        (SELECT coalesce(json_agg(r ORDER BY r.name, r.id), '[]') FROM lead_scoring_rules r
          WHERE r.active AND r.deleted_at IS NULL) AS rules,
        (SELECT json_build_object('trainedAt', m.trained_at, 'won', m.won, 'lost', m.lost, 'counts', m.counts)
          FROM lead_scoring_model m) AS model
      FROM lead_scoring_settings s WHERE s.id`.execute(trx);
    const row = rows[0];
    if (!row) throw new Error('lead_scoring_settings has no row (migration 0014)');
    const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    const rules = (parse(row.rules) as Array<Record<string, unknown>>).map(ruleFromRow);
    const model = parse(row.model) as Model | null;
    if (model) model.trainedAt = new Date(model.trainedAt).toISOString();
    const loaded = { revision: row.revision, rules, model };
    this.#loaded = loaded;
    return loaded;
  }
}

const engines = new WeakMap<Records, ScoringEngine>();

/** The engine of the server that owns `records`; callers outside the module (events) find it through this. */
export function engineOf(records: Records): ScoringEngine {
  let engine = engines.get(records);
  if (!engine) {
    engine = new ScoringEngine();
    engines.set(records, engine);
  }
  return engine;
}
