import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../scripts/api-types.js';
import { type TestCrm, createTestCrm } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');
const REDOCLY_CONFIG = path.join(ROOT, 'redocly.yaml');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string }[];
}

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

/** Runs the real validator on a file and returns its JSON report, whatever its exit code. */
function redoclyLint(file: string): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDOCLY, ['lint', file, '--config', REDOCLY_CONFIG, '--format=json'], {
      cwd: path.dirname(file),
      env: {
        ...process.env,
        // Redocly would otherwise send telemetry and check npm for updates: tests must not need the network.
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        CI: 'true',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // The JSON report is the whole of stdout; exit code 1 only says that errors were found.
      try {
        resolve(JSON.parse(stdout) as LintReport);
      } catch {
        reject(new Error(`redocly lint exited with ${code} and no JSON report:\n${stdout}\n${stderr}`));
      }
    });
  });
}

/** One line per problem, so a failing assertion names the rule and the JSON pointer of the culprit. */
function describeProblems(problems: LintProblem[]): string {
  return problems
    .map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`)
    .join('\n');
}

describe('OpenAPI document', () => {
  let crm: TestCrm;
  let spec: OpenApiDocument;
  let tmp: string;

  beforeAll(async () => {
    crm = await createTestCrm();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-openapi-'));
    const response = await crm.anonymous.get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    spec = response.json<OpenApiDocument>();
  });

  afterAll(async () => {
    await crm?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is OpenAPI 3.1 and describes the user, role, team, API key and auth endpoints', () => {
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/);
    const expected: Record<string, string[]> = {
      '/api/v1/auth/login': ['post'],
      '/api/v1/auth/logout': ['post'],
      '/api/v1/auth/me': ['get', 'patch'],
    };
    for (const plural of ['users', 'roles', 'sales-teams']) {
      expected[`/api/v1/${plural}`] = ['get', 'post'];
      expected[`/api/v1/${plural}/{id}`] = ['get', 'patch', 'delete'];
    }
    // An API key is shown once and never edited: it is created, listed, revoked or deleted.
    expected['/api/v1/api-keys'] = ['get', 'post'];
    expected['/api/v1/api-keys/{id}'] = ['get', 'delete'];
    expected['/api/v1/api-keys/{id}/revoke'] = ['post'];
    for (const [route, methods] of Object.entries(expected)) {
      expect(spec.paths, route).toHaveProperty([route]);
      expect(Object.keys(spec.paths[route] ?? {}), route).toEqual(expect.arrayContaining(methods));
    }
    // The document serves itself; it must not list its own route.
    expect(spec.paths).not.toHaveProperty(['/api/openapi.json']);
  });

  // Compiling every serializer of several hundred routes takes a while (about 18 s alone, more beside other suites).
  it(
    'has a response schema fast-json-stringify compiles for every route (they compile on first use)',
    {
      timeout: 120_000,
    },
    () => {
      // Throws on the first schema fast-json-stringify refuses; the count shows the lazy compilers were registered.
      expect(crm.server.compileAllSerializers()).toBeGreaterThan(500);
    },
  );

  it('names operations with proper plurals, each once', () => {
    const ids = Object.values(spec.paths).flatMap((methods) =>
      Object.values(methods).map((op) => (op as { operationId?: string }).operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    // The records linked to another through a link list, e.g. GET /api/v1/customers/{id}/addresses.
    expect(ids).toEqual(
      expect.arrayContaining(['listCustomerAddresses', 'listProspectAddresses', 'listContactAddresses']),
    );
    expect(ids.filter((id) => id?.endsWith('sss'))).toEqual([]);
  });

  it('passes redocly lint (recommended ruleset) without errors', async () => {
    const file = path.join(tmp, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(spec, null, 2));
    const report = await redoclyLint(file);
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(errors, describeProblems(errors)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('the lint does catch a broken document (so a pass above is not vacuous)', async () => {
    // A reference to a schema that does not exist: the recommended ruleset must call that an error.
    const broken = structuredClone(spec);
    delete broken.components?.schemas?.Problem;
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    const report = await redoclyLint(file);
    expect(report.totals.errors).toBeGreaterThan(0);
    expect(report.problems.map((p) => p.ruleId)).toContain('no-unresolved-refs');
  });

  it("is what the web app's typed client was generated from (else run npm run generate:api)", async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    const current = await renderApiTypes(spec);
    if (committed !== current) fs.writeFileSync(path.join(ROOT, 'artifacts', 'openapi.d.ts'), current);
    // Not toEqual: a 15,000-line diff would bury the message; the current version is in artifacts/ to compare.
    expect(committed === current, 'web/src/api/openapi.d.ts is out of date').toBe(true);
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await crm.anonymous.get('/api/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<title>Swagger UI</title>');
  });
});
