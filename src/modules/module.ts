import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { EntityDef, EntityRegistry } from '../core/entity.js';
import type { Records } from '../core/records.js';
import type { Db } from '../db/connect.js';
import type { JobRunner } from '../jobs/runner.js';
import type { Credentials } from './users/credentials.js';

export interface ModuleContext {
  app: FastifyInstance;
  db: Db;
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
  register(ctx: ModuleContext): void;
}
