import { loadConfig } from './config.js';
import { allModules } from './modules/index.js';
import { installShutdown, listen, startServer } from './server.js';

const config = loadConfig();
const server = await startServer({ config, modules: allModules });
await listen(server.app, config);
installShutdown(server);
