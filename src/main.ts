import cluster from 'node:cluster';
import { runPrimary } from './cluster.js';
import { loadConfig } from './config.js';
import { allModules } from './modules/index.js';
import { installShutdown, listen, startServer } from './server.js';

const config = loadConfig();
if (cluster.isPrimary && config.workers > 1 && config.databaseUrl) {
  runPrimary(config.workers, (message) => console.error(JSON.stringify({ level: 30, msg: message })));
} else {
  if (config.workers > 1 && !config.databaseUrl) {
    console.error(
      'CRM_WORKERS is ignored: the embedded database belongs to one process; set DATABASE_URL to use more.',
    );
  }
  const server = await startServer({ config, modules: allModules });
  await listen(server.app, config);
  installShutdown(server);
}
