import { mastersModule } from './masters/index.js';
import type { CrmModule } from './module.js';
import { usersModule } from './users/index.js';

/** Every capability of the CRM, in the order their routes and rules are registered. */
export const allModules: CrmModule[] = [usersModule, mastersModule];
