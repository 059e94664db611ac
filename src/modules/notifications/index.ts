import type { CrmModule } from '../module.js';
import { registerNotificationRoutes } from './routes.js';

export { type NotificationInput, notify } from './service.js';

/**
 * In-app notifications: each user's inbox, written by other modules through `notify` in their own transactions.
 * No entities: a notification is not a record (see service.ts).
 */
export const notificationsModule: CrmModule = {
  name: 'notifications',
  entities: [],
  register({ app, db }) {
    registerNotificationRoutes(app, db);
  },
};
