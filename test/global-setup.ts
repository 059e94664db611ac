import type { TestProject } from 'vitest/node';
import { createMigratedTemplate, startPostgres } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run; every test file gets a database of its own on it, a copy of the one
 * migrated here.
 */
export default async function setup(project: TestProject) {
  const server = await startPostgres();
  try {
    await createMigratedTemplate(server.url);
  } catch (error) {
    server.stop();
    throw error;
  }
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
