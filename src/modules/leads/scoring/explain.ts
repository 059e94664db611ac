import { sql } from 'kysely';
import type { FieldDef, Label } from '../../../core/fields.js';
import { type Actor, grantOf } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import { leadEntity } from '../entities.js';
import { OPERATOR_LABELS, EVENT_KIND_OPTIONS } from './entities.js';
import { engineOf } from './engine.js';
import type { LeadEvent, RuleHit, Thresholds } from './evaluate.js';
import { type Feature, FEATURES } from './model.js';
import { eventsOf, scoreWith } from './rescore.js';

/** Why a lead has its score, in words for both languages and as data; GET /api/v1/leads/{id}/score. */
export interface ScoreExplanation {
  score: number;
  grade: string;
  thresholds: Thresholds;
  rules: Array<{ ruleId: string; name: string; points: number; reason: Label; events?: LeadEvent[] }>;
  probability: number | null;
  features: Array<{ feature: Feature; label: Label; value: string; valueLabel: Label; contribution: number }>;
  model: {
    trainedAt: string;
    won: number;
    lost: number;
    minWon: number;
    minLost: number;
    used: boolean;
    baseLogOdds: number | null;
  } | null;
}

const both = (text: string): Label => ({ en: text, de: text });
const NONE: Label = { en: '(none)', de: '(keine Angabe)' };

const FEATURE_LABELS: Record<'employeeBand' | 'emailKind', Label> = {
  employeeBand: { en: 'Employees (band)', de: 'Mitarbeiter (Klasse)' },
  emailKind: { en: 'E-mail provider', de: 'E-Mail-Anbieter' },
};
const EMAIL_KINDS: Record<string, Label> = {
  free: { en: 'free-mail', de: 'Freemail' },
  business: { en: 'business domain', de: 'Firmendomain' },
};

/**
 * Explains the lead's score as the rules and model give it now (the stored score catches up with rule changes and
 * decay through jobs; this is what it will be). The rules' points add up to the score. Someone who may not read
 * the lead gets the same 404 as for the lead itself.
 */
export async function explainLeadScore(
  records: Records,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<ScoreExplanation> {
  const leadDef = records.current(records.registry.get(leadEntity.name));
  const values = await records.get(actor, leadDef, id);
  const state = await engineOf(records).state(records.db);
  const events = (await eventsOf(records.db, state, [id], now)).get(id) ?? [];
  const scored = scoreWith(state, leadDef, values, events, now);
  const display = await linkTitles(records, actor, leadDef.allFields, scored.hits, values);
  const rules = scored.hits.map((hit) => ({
    ruleId: hit.rule.id,
    name: hit.rule.name,
    points: hit.points,
    reason: reasonOf(hit, leadDef.allFields, display),
    ...(hit.events ? { events: hit.events } : {}),
  }));
  const features = (scored.prediction?.features ?? []).map((f) => {
    const field =
      f.feature === 'employeeBand' || f.feature === 'emailKind' ? undefined : leadDef.allFields[f.feature];
    const label = field?.label ?? FEATURE_LABELS[f.feature as 'employeeBand' | 'emailKind'];
    const valueLabel =
      f.value === ''
        ? NONE
        : f.feature === 'emailKind'
          ? (EMAIL_KINDS[f.value] ?? both(f.value))
          : text(field, f.value, display);
    return { ...f, label, valueLabel };
  });
  const { model, usableModel, settings } = state;
  return {
    score: scored.score,
    grade: scored.grade,
    thresholds: state.thresholds,
    rules,
    probability: scored.prediction?.probability ?? null,
    features,
    model: model && {
      trainedAt: model.trainedAt,
      won: model.won,
      lost: model.lost,
      minWon: settings.minWon,
      minLost: settings.minLost,
      used: usableModel !== null,
      baseLogOdds: scored.prediction?.baseLogOdds ?? null,
    },
  };
}

/**
 * Titles of the records that rule values and lead values name (an industry, a source), for the reasons. Only
 * of record types the actor reads in full, so an explanation never shows the title of a record they may not see;
 * the others show their id.
 */
async function linkTitles(
  records: Records,
  actor: Actor,
  fields: Record<string, FieldDef>,
  hits: RuleHit[],
  values: Record<string, unknown>,
): Promise<Map<string, string>> {
  const byTarget = new Map<string, Set<string>>();
  const add = (field: FieldDef | undefined, value: unknown) => {
    if (!field?.target || (field.type !== 'link' && field.type !== 'multilink')) return;
    const ids = byTarget.get(field.target) ?? new Set<string>();
    for (const item of [value].flat()) if (typeof item === 'string') ids.add(item.toLowerCase());
    byTarget.set(field.target, ids);
  };
  for (const hit of hits) {
    if (hit.rule.condition.kind !== 'field') continue;
    add(fields[hit.rule.condition.field], hit.rule.condition.value);
    add(fields[hit.rule.condition.field], hit.value);
  }
  for (const feature of FEATURES) add(fields[feature], values[feature]);
  const titles = new Map<string, string>();
  for (const [target, ids] of byTarget) {
    const entity = records.registry.find(target);
    const title = entity?.allFields[entity.titleField];
    if (!entity || !title || grantOf(actor, entity, 'read') !== 'all' || ids.size === 0) continue;
    const { rows } = await sql<{ id: string; title: string }>`SELECT id, ${sql.ref(title.column)} AS title
      FROM ${sql.table(entity.table)} WHERE id = ANY(${[...ids]}::uuid[])`.execute(records.db);
    for (const row of rows) titles.set(row.id, row.title);
  }
  return titles;
}

/** One value of a field in words: a linked record by its title, an option by its label, yes/no, else as is. */
function text(field: FieldDef | undefined, value: unknown, titles: Map<string, string>): Label {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return NONE;
  if (Array.isArray(value)) {
    const parts = value.map((item) => text(field, item, titles));
    return { en: parts.map((p) => p.en).join(', '), de: parts.map((p) => p.de).join(', ') };
  }
  if (field?.type === 'link' || field?.type === 'multilink') {
    return both(titles.get(String(value).toLowerCase()) ?? String(value));
  }
  const option = field?.options?.find((o) => o.value === value);
  if (option) return option.label;
  if (typeof value === 'boolean') return value ? { en: 'yes', de: 'ja' } : { en: 'no', de: 'nein' };
  return both(String(value));
}

function reasonOf(hit: RuleHit, fields: Record<string, FieldDef>, titles: Map<string, string>): Label {
  const { condition } = hit.rule;
  if (condition.kind === 'businessEmail') {
    const domain = String(hit.value);
    return {
      en: `E-mail at ${domain}, not a free-mail provider`,
      de: `E-Mail bei ${domain}, kein Freemail-Anbieter`,
    };
  }
  if (condition.kind === 'event') {
    const kind =
      EVENT_KIND_OPTIONS.find((o) => o.value === condition.eventKind)?.label ?? both(condition.eventKind);
    const times = hit.events?.length ?? 0;
    const each = condition.counting === 'each';
    const days = condition.decayDays;
    return {
      en: `${kind.en} ${times}×${each ? `, ${hit.rule.points} points each` : ''}${days ? ` in the last ${days} days` : ''}`,
      de: `${kind.de} ${times}×${each ? `, je ${hit.rule.points} Punkte` : ''}${days ? ` in den letzten ${days} Tagen` : ''}`,
    };
  }
  const field = fields[condition.field];
  const label = field?.label ?? both(condition.field);
  const { operator, value } = condition;
  if (operator === 'isNull') {
    return value
      ? { en: `${label.en} is empty`, de: `${label.de} ist leer` }
      : { en: `${label.en} is filled`, de: `${label.de} ist ausgefüllt` };
  }
  const op = OPERATOR_LABELS[operator];
  const wanted =
    operator === 'between'
      ? (([from, to]) => ({ en: `${from?.en} and ${to?.en}`, de: `${from?.de} und ${to?.de}` }))(
          (value as unknown[]).map((v) => text(field, v, titles)),
        )
      : text(field, value, titles);
  const actual = operator === 'eq' ? undefined : text(field, hit.value, titles);
  return {
    en: `${label.en} ${op.en} ${wanted.en}${actual ? ` (${actual.en})` : ''}`,
    de: `${label.de} ${op.de} ${wanted.de}${actual ? ` (${actual.de})` : ''}`,
  };
}
