import type pg from 'pg';
import type { BenchServer } from './child.js';
import type { CapturedQuery } from './server.js';

export interface CapturedList {
  /** The page's statement, with the parameters the server bound. */
  list: CapturedQuery;
  /** Every statement the request sent, in order (the key lookup, last_used_at, the page). */
  statements: CapturedQuery[];
}

/**
 * The statement the API really sends for one list page, taken from the server's Kysely log, and checked to answer
 * the rows the API answered when sent raw: the raw-SQL loads then measure the very query of the API, not a
 * rewrite of it.
 */
export async function captureList(
  server: BenchServer,
  pool: pg.Pool,
  path: string,
  headers: Record<string, string>,
  table: string,
): Promise<CapturedList> {
  let page: { data: Array<{ id: string }> } = { data: [] };
  const statements = await server.capture(async () => {
    const response = await fetch(`${server.url}${path}`, { headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
    page = JSON.parse(text) as typeof page;
  });
  const list = statements.find(
    (q) => q.sql.includes(`from "${table}"`) && / limit (?:\$\d+|\d+)\s*$/.test(q.sql),
  );
  if (!list) throw new Error(`GET ${path} sent no ${table} query with a limit`);
  const raw = await pool.query<{ id: string }>(list.sql, list.parameters);
  if (page.data.length === 0 || !page.data.every((record, i) => raw.rows[i]?.id === record.id)) {
    throw new Error(`raw SQL returned other rows than GET ${path}`);
  }
  return { list, statements };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured statement, indented for printing. */
export async function explain(pool: pg.Pool, statement: CapturedQuery): Promise<string> {
  const plan = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
    statement.parameters,
  );
  return plan.rows.map((row) => `  ${row['QUERY PLAN']}`).join('\n');
}
