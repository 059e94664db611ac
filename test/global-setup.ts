import type { TestProject } from 'vitest/node';
import { startPostgres } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/** One PostgreSQL server for the whole run; every test file gets a database of its own on it. */
export default async function setup(project: TestProject) {
  const server = await startPostgres();
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
