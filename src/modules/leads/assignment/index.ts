import type { ModuleContext } from '../../module.js';
import { leadEntity } from '../entities.js';
import { assignOnCreate } from './on-create.js';
import { registerAssignmentRoutes } from './routes.js';
import { registerSettingsRules } from './rules.js';

export { assignmentEntities } from './entities.js';

/**
 * Assignment and routing of leads: rules and rep capacities (settings), the owner of a new lead chosen by the
 * rules, and assignment on demand and in bulk. Register after the lead's other rules (and scoring), so the
 * create hook sees the lead as it will be stored.
 */
export function registerAssignment(ctx: ModuleContext): void {
  registerSettingsRules(ctx.records);
  ctx.records.on(leadEntity.name, assignOnCreate);
  registerAssignmentRoutes(ctx.app, ctx.records);
}
