import type pg from 'pg';
import type { BenchServer } from './child.js';
import type { CapturedQuery } from './server.js';
import { adminSession } from './users.js';

/**
 * Bulk assignment of the leads issue (POST /api/v1/leads/assign, src/modules/leads/assignment): one call handing
 * `count` leads to one user, and one call running the assignment rules over another `count` (round robin over
 * the manager's team), each timed from request to answer (target < 10 s). As the manager, who assigns their
 * team's leads; if their role may not (the endpoint needs the right to change assignment rules), as the
 * administrator, and the report says so.
 */

export interface AssignmentTiming {
  label: string;
  seconds: number;
  /** What the server answered: leads matched and leads whose owner changed. */
  matched: number;
  assigned: number;
  /** Statements the call sent, and the slowest of them (their time inside PostgreSQL as the server saw it). */
  statements: CapturedQuery[];
}

export interface AssignmentOutcome {
  timings: AssignmentTiming[];
  /** Why nothing (or not everything) was measured. */
  notes: string[];
  /** The rule created for the rules run, so later loads can measure creates with a rule active. */
  ruleId?: string;
  ok: boolean;
}

export interface AssignmentSetup {
  server: BenchServer;
  pool: pg.Pool;
  admin: { email: string; password: string };
  /** The manager's API key header. */
  managerHeaders: Record<string, string>;
  teamId: string;
  /** The team's members; leads of the second are handed around. */
  memberIds: string[];
  count: number;
}

const ENDPOINT = '/api/v1/leads/assign';

/** The real endpoint as the server describes it, so the benchmark neither guesses nor measures a 404. */
async function endpointThere(server: BenchServer): Promise<boolean> {
  const response = await fetch(`${server.url}/api/openapi.json`);
  if (!response.ok) return false;
  const document = (await response.json()) as { paths?: Record<string, { post?: unknown }> };
  return document.paths?.[ENDPOINT]?.post !== undefined;
}

export async function measureAssignment(setup: AssignmentSetup): Promise<AssignmentOutcome> {
  const { server, pool, count } = setup;
  const outcome: AssignmentOutcome = { timings: [], notes: [], ok: true };
  if (!(await endpointThere(server))) {
    outcome.notes.push(`POST ${ENDPOINT} is not in the server's OpenAPI document: not measured`);
    return outcome;
  }
  const [, from, to] = setup.memberIds;
  if (!from || !to) throw new Error('bulk assignment needs a team of three or more');
  // Leads of one member, at random: a manager redistributing a rep's leads.
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM leads WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY random() LIMIT $2`,
    [from, 2 * count],
  );
  if (rows.length < 2 * count) {
    outcome.notes.push(
      `only ${rows.length} leads of one member, fewer than 2 × ${count}: assigned what there is`,
    );
  }
  const ids = rows.map((row) => row.id);
  const half = Math.ceil(ids.length / 2);
  const admin = await adminSession(server.url, setup.admin);
  // As the manager; the administrator only if the manager's role may not.
  let asAdmin = false;
  const call = async (body: unknown): Promise<{ status: number; text: string }> => {
    // The CSRF rule: a cookie-authenticated write must come from the server's own origin.
    const headers: Record<string, string> = asAdmin
      ? { cookie: admin.cookie, origin: server.url }
      : setup.managerHeaders;
    const response = await fetch(`${server.url}${ENDPOINT}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  const timed = async (label: string, body: { ids: string[]; userId?: string }) => {
    let answer = { status: 0, text: '' };
    let seconds = 0;
    const statements = await server.capture(async () => {
      const started = performance.now();
      answer = await call(body);
      seconds = (performance.now() - started) / 1000;
    });
    if (answer.status === 403 && !asAdmin) {
      outcome.notes.push(
        `the Sales Manager may not assign in bulk (403: ${answer.text.slice(0, 200)}); as administrator`,
      );
      asAdmin = true;
      return timed(label, body);
    }
    if (answer.status !== 200) {
      outcome.ok = false;
      outcome.notes.push(`${label}: ${answer.status} ${answer.text.slice(0, 300)}`);
      return;
    }
    const { data } = JSON.parse(answer.text) as { data: { matched: number; assigned: number } };
    const who = asAdmin ? 'administrator' : 'Sales Manager';
    outcome.timings.push({ label: `${label} (${who})`, seconds, ...data, statements });
  };

  await timed(`bulk assignment of ${half} leads to one user`, { ids: ids.slice(0, half), userId: to });
  const rule = await admin.call<{ data: { id: string } }>('POST', '/api/v1/assignment-rules', {
    name: 'Bench round robin',
    strategy: 'round_robin',
    salesTeamId: setup.teamId,
  });
  outcome.ruleId = rule.data.id;
  await timed(`bulk assignment of ${ids.length - half} leads by the rules (round robin over the team)`, {
    ids: ids.slice(half),
  });
  const owners = await pool.query<{ owner_id: string; n: number }>(
    'SELECT owner_id, count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 2 DESC',
    [ids],
  );
  outcome.notes.push(
    `owners of the ${ids.length} leads afterwards: ${owners.rows.map((r) => `${r.n}`).join(' + ')} ` +
      `(${owners.rows.length} users)`,
  );
  return outcome;
}

/** One line per call, with the statements that took longest: where a slow call spends its time. */
export function assignmentLines(outcome: AssignmentOutcome): string[] {
  const lines: string[] = [];
  for (const t of outcome.timings) {
    const slowest = [...t.statements]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 4)
      .map((q) => `${q.ms.toFixed(0)} ms ${q.sql.trim().replace(/\s+/g, ' ').slice(0, 70)}…`);
    lines.push(
      `${t.label}: ${t.seconds.toFixed(2)} s; matched ${t.matched}, owner changed ${t.assigned}; ` +
        `${t.statements.length} statements, slowest:`,
      ...slowest.map((s) => `    ${s}`),
    );
  }
  return [...lines, ...outcome.notes.map((note) => `note: ${note}`)];
}
