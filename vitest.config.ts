import os from 'node:os';
import { defineConfig } from 'vitest/config';

const integration = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const unitOnly = ['**/*.unit.test.ts', 'node_modules/**'];
/** Tests of behaviour only a server database has (several processes on one database) end in `.pg.test.ts`. */
const serverOnly = ['**/*.pg.test.ts'];
/** Tests of what does not depend on the database (the API's description) run once, on PGlite. */
const databaseAgnostic = ['test/openapi.test.ts'];

export default defineConfig({
  test: {
    // Vitest's default leaves a core free (one worker on two cores); the integration tests spend much of their
    // time waiting for PostgreSQL, so a worker per core keeps both busy.
    maxWorkers: os.availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.unit.test.ts', 'web/src/**/*.unit.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          // A worker keeps the modules it imported for its next file: importing the app anew took ~2.5 s a file.
          // The test files share no state through modules (every file opens its own database and server).
          isolate: false,
          include: integration,
          exclude: [...unitOnly, ...serverOnly],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/pglite-template.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          isolate: false,
          include: integration,
          exclude: [...unitOnly, ...databaseAgnostic],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts', 'e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
