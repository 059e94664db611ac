import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { type Database, connect } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { type Crm, createApp } from './http/app.js';
import type { CrmModule } from './modules/module.js';
import { seedRoles } from './modules/users/seed-roles.js';
import { bootstrapAdmin } from './modules/users/service.js';
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
    database,
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
  // Fastify closes the keep-alive connections that are idle when close() begins, but a connection whose request is
  // still in flight is answered keep-alive and then held open for the keep-alive timeout (72 s), so a SIGTERM
  // waited for the 25 s force exit and ended with code 1. Answering with `Connection: close` while draining makes
  // Node end such a socket right after its response.
  let draining = false;
  crm.app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  if (config.runJobs) await crm.jobs.start();
  let closing: Promise<void> | undefined;
  return {
    ...crm,
    database,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        // Side by side: one after the other, the runner went on claiming new jobs while requests drained.
        await Promise.all([crm.app.close(), crm.jobs.stop()]);
        if (!options.database) await database.close();
      })()),
  };
}

export async function listen(app: FastifyInstance, config: Config): Promise<string> {
  return app.listen({ port: config.port, host: config.host });
}

/**
 * SIGTERM and SIGINT drain the server (requests in flight, the job in hand) and exit 0. It lives here rather than
 * in main.ts so the process tests run exactly the shutdown production runs. A drain that hangs past `timeoutMs`
 * exits 1, so an orchestrator is not left waiting and sees that something was cut short.
 */
export function installShutdown(server: Server, { timeoutMs = 25_000 } = {}): void {
  let stopping = false;
  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return;
    stopping = true;
    server.app.log.info(`${signal}: draining requests and stopping`);
    const force = setTimeout(() => {
      server.app.log.error(`shutdown took longer than ${timeoutMs / 1000} s; exiting anyway`);
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await server.close();
    } catch (error) {
      // Without this a failing close became an unhandled rejection; say what failed and exit non-zero instead.
      server.app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
