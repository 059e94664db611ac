import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { EntityDef, EntityRegistry } from '../core/entity.js';
import type { Records } from '../core/records.js';
import type { Database, Db } from '../db/connect.js';
import type { JobRunner } from '../jobs/runner.js';
import type { Credentials } from './users/credentials.js';

export interface ModuleContext {
  app: FastifyInstance;
  db: Db;
  /** The database behind `db`, for LISTEN on a notification channel. */
  database: Database;
  records: Records;
  registry: EntityRegistry;
  jobs: JobRunner;
  config: Config;
  credentials: Credentials;
}

/** A business capability: its entities, and the rules, routes and jobs it adds on top of the engine. */
export interface CrmModule {
  name: string;
  entities: EntityDef[];
  /** Adds rules, routes and jobs; may be async (load state from the database): the app serves once it is done. */
  register(ctx: ModuleContext): void | Promise<void>;
}
