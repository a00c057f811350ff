// `npm start`: configuration → emulators (when no source is configured) → backends → server.
import { createBackend } from './backends/registry.js';
import { loadConfig, type Config, type SourceConfig } from './config.js';
import { CustomerService } from './customers/service.js';
import { FLEXPORTAL_KEY, FLEXPORTAL_TENANT, FLOWGLAD_KEY, startEmulators } from './emulators/index.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { exitCannotStart, listenProblem, serverPortProblem, startupProblems } from './startup-errors.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  exitCannotStart(startupProblems(error));
}
const logger = createLogger(config.logLevel);

let sources: SourceConfig[];
let emulators: Awaited<ReturnType<typeof startEmulators>> | null = null;
if (config.sources) {
  sources = config.sources;
} else {
  emulators = await startEmulators(config.emulators).catch(async (error: unknown) => {
    const server = await serverPortProblem(config.port, config.host);
    return exitCannotStart([...startupProblems(error), ...(server ? [server] : [])]);
  });
  sources = [
    { name: 'flowglad', kind: 'FLOWGLAD', settings: { url: emulators.flowglad.url, apiKey: FLOWGLAD_KEY } },
    { name: 'flexportal', kind: 'FLEXPORTAL', settings: { url: emulators.flexportal.url, apiKey: FLEXPORTAL_KEY, tenantId: FLEXPORTAL_TENANT } },
  ];
  logger.info({ flowglad: emulators.flowglad.url, flexportal: emulators.flexportal.url }, 'embedded emulators listening');
}

const backends = sources.map(({ name, kind, settings }) => createBackend(kind, name, settings, config.http));
const service = new CustomerService(backends, { maxConcurrentReadsPerRequest: config.maxConcurrentReadsPerRequest });
const server = await startServer(config, service, logger).catch((error: unknown) => exitCannotStart([listenProblem('PORT', config.port, error)]));
logger.info({ url: server.url, sources: sources.map(({ name, kind }) => ({ name, kind })) }, 'customer-graph listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: /ready is 503, finishing in-flight requests');
    // Ctrl-C in a terminal has no load balancer to tell: skip the delay.
    await server.shutdown({ ...config.shutdown, delayMs: signal === 'SIGINT' ? 0 : config.shutdown.delayMs });
    await Promise.all(backends.map((backend) => backend.close()));
    await emulators?.close();
    logger.info('stopped');
    process.exit(0);
  });
}
