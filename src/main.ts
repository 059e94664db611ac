import { loadConfig } from './config.js';
import { allModules } from './modules/index.js';
import { listen, startServer } from './server.js';

const config = loadConfig();
const server = await startServer({ config, modules: allModules });
await listen(server.app, config);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.app.log.info(`${signal}: draining requests and stopping`);
  const force = setTimeout(() => {
    server.app.log.error('shutdown took longer than 25 s; exiting anyway');
    process.exit(1);
  }, 25_000);
  force.unref();
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
