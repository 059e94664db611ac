/**
 * One CRM server process of the benchmark: `npm start` plus the bench module, with statement capture on request
 * so the benchmark can send the very SQL the API runs straight to PostgreSQL. Its parent is bench/run.ts
 * (BENCH_WORKERS=1) or the cluster primary of bench/primary.ts; both speak the protocol of bench/server.ts.
 */
import type { LogEvent } from 'kysely';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { allModules } from '../src/modules/index.js';
import { listen, startServer } from '../src/server.js';
import { benchModule } from './entity.js';
import type { CapturedQuery, FromServer, ToServer } from './server.js';

export async function serve(): Promise<void> {
  const send = (message: FromServer) => process.send?.(message);

  const config = { ...loadConfig(), logLevel: 'warn' };
  let capturing: CapturedQuery[] | undefined;
  const database = await connect({
    databaseUrl: config.databaseUrl,
    // The same pool size connect() gives `npm start` (20), unless a run wants to see whether the pool bounds it.
    poolSize: Number(process.env.BENCH_SERVER_POOL ?? 20),
    onQuery: (event: LogEvent) => {
      // One array push while capturing, one comparison otherwise: nothing that shows in the measurements.
      if (capturing && event.level === 'query') {
        const { sql, parameters } = event.query;
        capturing.push({ sql, parameters: [...parameters], ms: event.queryDurationMillis });
      }
    },
  });
  const server = await startServer({
    config,
    modules: [...allModules, benchModule],
    logger: { level: 'warn' },
    database,
  });
  const url = await listen(server.app, config);

  let stopping = false;
  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    // Never hang the benchmark: a server that cannot drain in 10 s is stopped anyway.
    setTimeout(() => process.exit(code || 1), 10_000).unref();
    await server.close();
    await database.close();
    process.exit(code);
  }

  process.on('message', (message: ToServer) => {
    if (message.type !== 'capture') return;
    if (message.on) {
      capturing = [];
      // Acknowledged, so the benchmark sends its request only once every server process records statements.
      send({ type: 'capturing' });
    } else {
      send({ type: 'captured', queries: capturing ?? [] });
      capturing = undefined;
    }
  });
  // The parent gone (even killed) closes the channel: the server must not outlive the benchmark.
  process.on('disconnect', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  send({ type: 'listening', url, pids: [process.pid] });
}
