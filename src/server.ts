import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { type Database, connect } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { type Crm, createApp } from './http/app.js';
import type { CrmModule } from './modules/module.js';
import { bootstrapAdmin, seedRoles } from './modules/users/service.js';
import type { RunnerOptions } from './jobs/runner.js';

export interface Server extends Crm {
  database: Database;
  /** Drains requests in flight, finishes the job in hand, then closes the database. */
  close(): Promise<void>;
}

export interface ServerOptions {
  config: Config;
  modules: CrmModule[];
  logger?: boolean | { level: string };
  jobRunnerOptions?: RunnerOptions;
  /** An already open database (tests share one PGlite per file). */
  database?: Database;
}

/** Everything `npm start` does short of listening: database, migrations, seeds, the app and its jobs. */
export async function startServer(options: ServerOptions): Promise<Server> {
  const { config } = options;
  const database =
    options.database ?? (await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(database.db);
  await seedRoles(database.db);
  const crm = await createApp({
    db: database.db,
    config,
    modules: options.modules,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.jobRunnerOptions ? { jobRunnerOptions: options.jobRunnerOptions } : {}),
  });
  const outcome = await bootstrapAdmin(database.db, config.adminEmail, config.adminPassword);
  if (outcome === 'created') crm.app.log.info(`created the first CRM Administrator ${config.adminEmail}`);
  if (outcome === 'missing-credentials') {
    crm.app.log.warn(
      'No user exists yet, so nobody can log in. Set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD (at least 10 characters) ' +
        'and start the server again to create the first CRM Administrator.',
    );
  }
  if (config.runJobs) await crm.jobs.start();
  let closing: Promise<void> | undefined;
  return {
    ...crm,
    database,
    close: () =>
      (closing ??= (async () => {
        await crm.app.close();
        await crm.jobs.stop();
        if (!options.database) await database.close();
      })()),
  };
}

export async function listen(app: FastifyInstance, config: Config): Promise<string> {
  return app.listen({ port: config.port, host: config.host });
}
