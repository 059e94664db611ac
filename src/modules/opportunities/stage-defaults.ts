import type { WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { type StageRow, fromClient, invalid } from './pipelines.js';

/**
 * What an opportunity takes from its stage whenever the stage changes, unless a user set it by hand: the
 * probability and the forecast category. As in Odoo, a value set by hand stays through later stage changes until
 * the user sends null, which returns to the stage's. A decided opportunity has fixed values (won: 100 % and closed;
 * lost: 0 % and omitted) that no hand may change, and reopening it starts from the stage's again.
 */

type Ctx = WriteContext & { columns: Row };

interface StageDefault {
  field: string;
  column: string;
  manualColumn: string;
  manualField: string;
  of(stage: StageRow): number | string;
  /** Values only a decided stage gives; refused on an open one. */
  decidedOnly?: readonly unknown[];
}

const PROBABILITY: StageDefault = {
  field: 'probability',
  column: 'probability',
  manualColumn: 'probability_manual',
  manualField: 'probabilityManual',
  of: (stage) => (stage.kind === 'won' ? 100 : stage.kind === 'lost' ? 0 : Number(stage.probability)),
};

const FORECAST_CATEGORY: StageDefault = {
  field: 'forecastCategory',
  column: 'forecast_category',
  manualColumn: 'forecast_category_manual',
  manualField: 'forecastCategoryManual',
  of: (stage) =>
    stage.kind === 'won' ? 'closed' : stage.kind === 'lost' ? 'omitted' : stage.forecast_category,
  decidedOnly: ['closed', 'omitted'],
};

function applyStageDefault(ctx: Ctx, stage: StageRow, entered: boolean, what: StageDefault): void {
  const { columns } = ctx;
  const sent = fromClient(ctx, what.column) ? (columns[what.column] as number | string | null) : undefined;
  const decided = stage.kind !== 'open';
  const given = what.of(stage);
  if (sent !== undefined && sent !== null) {
    if (decided && sent !== given)
      throw invalid(what.field, `is ${given} while the opportunity is ${stage.kind}`);
    if (!decided && what.decidedOnly?.includes(sent)) {
      throw invalid(what.field, `${sent} follows from the won or lost stage, not from an open one`);
    }
  }
  if (sent === undefined && !entered) return;
  if (sent === undefined && !decided && ctx.before?.[what.manualField] === true) return;
  const manual = sent !== undefined && sent !== null && !decided;
  columns[what.column] = manual ? sent : given;
  columns[what.manualColumn] = manual;
}

/** Takes the stage's values on entering it, and checks and keeps the values a write sets by hand. */
export function applyStageDefaults(ctx: Ctx, stage: StageRow, entered: boolean): void {
  for (const what of [PROBABILITY, FORECAST_CATEGORY]) applyStageDefault(ctx, stage, entered, what);
}

/** Whether a write without a stage change still needs the stage: it sets a value the stage decides. */
export const setsStageDefault = (ctx: Ctx): boolean =>
  fromClient(ctx, PROBABILITY.column) || fromClient(ctx, FORECAST_CATEGORY.column);
