import type pg from 'pg';
import { DUPLICATE_KINDS, type DuplicateSample, duplicateLead, freshLead } from './leads-bodies.js';
import type { BenchServer } from './child.js';
import { explain } from './list-statement.js';
import { runHttp } from './load.js';
import type { Run } from './measure.js';
import { readableSql } from './report.js';
import type { CapturedQuery } from './server.js';

/**
 * Creating leads over POST /api/v1/leads, which runs the duplicate check (src/core/duplicates.ts with the spec of
 * src/modules/leads/service.ts): a single create of each kind first, timed, with the statements it sent and the
 * plan of the probe on leads; then loads of fresh leads (201) and of leads repeating a key (409).
 */

export interface Creator {
  name: string;
  headers: Record<string, string>;
}

export interface CreateBodies {
  sample: DuplicateSample;
  sourceIds: string[];
}

const statementNames = (qs: CapturedQuery[]) => qs.map((q) => q.sql.trim().split(/\s+/)[0]).join(', ');

/** One create, timed from request to answer; the answer must be `expected`. */
async function timedCreate(server: BenchServer, actor: Creator, body: unknown, expected: number) {
  let ms = 0;
  const statements = await server.capture(async () => {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/leads`, {
      method: 'POST',
      headers: { ...actor.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    ms = performance.now() - started;
    if (response.status !== expected) {
      throw new Error(
        `POST /api/v1/leads answered ${response.status}, not ${expected}: ${text.slice(0, 500)}`,
      );
    }
  });
  return { ms, statements };
}

/**
 * A fresh create and one create repeating each kind of key, one at a time: their statements, the probe's plan, and
 * how long each took. Fails early if one is not answered as expected.
 */
export async function singleCreates(
  server: BenchServer,
  pool: pg.Pool,
  actor: Creator,
  bodies: CreateBodies,
): Promise<Array<{ label: string; ms: number }>> {
  const times: Array<{ label: string; ms: number }> = [];
  const fresh = await timedCreate(server, actor, freshLead(bodies.sourceIds), 201);
  times.push({ label: 'fresh (201)', ms: fresh.ms });
  console.log(`\ncreate (201): ${fresh.statements.length} statements: ${statementNames(fresh.statements)}`);
  for (const kind of DUPLICATE_KINDS) {
    if (kind === 'e-mail of a contact' && bodies.sample.contactEmails.length === 0) continue;
    const body = duplicateLead(bodies.sample, bodies.sourceIds, kind);
    const refused = await timedCreate(server, actor, body, 409);
    times.push({ label: `repeating the ${kind} (409)`, ms: refused.ms });
    console.log(
      `create repeating the ${kind} (409): ${refused.statements.length} statements: ` +
        statementNames(refused.statements),
    );
    const probe = refused.statements.find((q) => /from "leads"/i.test(q.sql) && q.sql.includes('crm_fold('));
    if (probe && kind === 'e-mail') {
      console.log(`the duplicate probe on leads:\n${readableSql(probe.sql, probe.parameters)}`);
      console.log(`plan:\n${await explain(pool, probe)}`);
    }
  }
  console.log(`one at a time: ${times.map((t) => `${t.label} ${t.ms.toFixed(1)} ms`).join('; ')}`);
  return times;
}

/** A load of creates, each with a new body: fresh leads answered 201, or duplicates answered 409. */
export function createRun(
  server: BenchServer,
  actor: Creator,
  connections: number,
  duplicate: boolean,
  bodies: CreateBodies,
  what = '',
): Run {
  const kind = duplicate ? 'duplicate (409)' : 'fresh (201)';
  return (seconds) =>
    runHttp({
      label: `API create, ${kind}${what} (${actor.name}; ${connections} conn.)`,
      url: `${server.url}/api/v1/leads`,
      method: 'POST',
      connections,
      seconds,
      headers: { ...actor.headers, 'content-type': 'application/json' },
      next: () => {
        const body = duplicate ? duplicateLead(bodies.sample, bodies.sourceIds) : freshLead(bodies.sourceIds);
        return { body: JSON.stringify(body) };
      },
      expect: (status) => status === (duplicate ? 409 : 201),
    });
}
