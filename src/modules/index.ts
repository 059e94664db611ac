import { activitiesModule } from './activities/index.js';
import { contactsModule } from './contacts/index.js';
import { customizationModule } from './customization/index.js';
import { leadsModule } from './leads/index.js';
import { mastersModule } from './masters/index.js';
import type { CrmModule } from './module.js';
import { notificationsModule } from './notifications/index.js';
import { opportunitiesModule } from './opportunities/index.js';
import { salesModule } from './sales/index.js';
import { usersModule } from './users/index.js';
import { viewsModule } from './views/index.js';

/** Every capability of the CRM, in the order their routes and rules are registered. */
export const allModules: CrmModule[] = [
  usersModule,
  mastersModule,
  contactsModule,
  opportunitiesModule,
  leadsModule,
  salesModule,
  activitiesModule,
  viewsModule,
  notificationsModule,
  customizationModule,
];
