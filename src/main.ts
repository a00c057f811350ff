// `npm start`: configuration → emulators (when no source is configured) → coordination →
// backends → server. The one place that wires adapters into the domain.
import { createBackend } from './backends/registry.js';
import { authDescription, EMBEDDED_SOURCES, loadConfig, type Config, type SourceConfig } from './config.js';
import { MemoryCoordination } from './coordination/memory.js';
import { RedisCoordination } from './coordination/redis.js';
import type { Coordination } from './customers/coordination.js';
import { CustomerService } from './customers/service.js';
import { FLEXPORTAL_KEY, FLEXPORTAL_TENANT, FLOWGLAD_KEY, startEmulators } from './emulators/index.js';
import { createLogger } from './logger.js';
import { startMetricsServer, startServer } from './server.js';
import { Metrics } from './telemetry/metrics.js';
import { probeSources, SourceHealth } from './telemetry/source-health.js';
import { exitCannotStart, listenProblem, serverPortProblem, startupProblems } from './startup-errors.js';
import { startTracing } from './telemetry/tracing.js';

/** The longest start waits for the sources' probes. */
const PROBE_WAIT_MS = 5000;

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  exitCannotStart(startupProblems(error));
}
const logger = createLogger(config.logLevel);
// Counted by the backends, coordination and the GraphQL plugins; served on /metrics.
const metrics = new Metrics();
metrics.collectProcessMetrics();
// Before anything makes spans: until the SDK registers, the API's tracer is a no-op.
const tracing = config.tracing ? await startTracing(config.tracing, logger) : null;

let sources: SourceConfig[];
let emulators: Awaited<ReturnType<typeof startEmulators>> | null = null;
if (config.sources) {
  sources = config.sources;
} else {
  emulators = await startEmulators(config.emulators).catch(async (error: unknown) => {
    const server = await serverPortProblem(config.port, config.host);
    return exitCannotStart([...startupProblems(error), ...(server ? [server] : [])]);
  });
  const settings = {
    FLOWGLAD: { url: emulators.flowglad.url, apiKey: FLOWGLAD_KEY },
    FLEXPORTAL: { url: emulators.flexportal.url, apiKey: FLEXPORTAL_KEY, tenantId: FLEXPORTAL_TENANT },
  };
  sources = EMBEDDED_SOURCES.map(({ name, kind }) => ({ name, kind, settings: settings[kind] }));
  logger.info({ flowglad: emulators.flowglad.url, flexportal: emulators.flexportal.url }, 'embedded emulators listening');
}

let coordination: Coordination;
const { redisUrl, lockWaitMs, lockTtlMs, replicas } = config.coordination;
if (redisUrl) {
  const redis = new RedisCoordination({ url: redisUrl, waitMs: lockWaitMs, ttlMs: lockTtlMs, replicas, logger, metrics });
  // Start either way: reads need no Redis, and updates resume by themselves once it is there.
  if (!(await redis.connected(3000))) logger.warn('redis is not reachable yet: updates are refused until it is');
  coordination = redis;
} else {
  coordination = new MemoryCoordination({ waitMs: lockWaitMs, metrics });
}

// Each source's last known state: written by its backend's attempts, read by /ready.
const health = new SourceHealth();
const backends = sources.map(({ name, kind, settings }) =>
  createBackend(kind, name, settings, config.http, coordination.budget(name, config.rateLimits[name] ?? null), { health, metrics }),
);
const service = new CustomerService(backends, coordination, {
  maxConcurrentReadsPerRequest: config.maxConcurrentReadsPerRequest,
  maxReadsPerRequest: config.maxBackendReadsPerRequest,
  shares: coordination.shares(config.rateLimits, config.callerShare),
  maxSubscriptions: config.maxSubscriptions,
  onSubscriptions: (open) => metrics.subscriptionsOpen(open),
  keys: coordination.keys(config.idempotencyTtlMs),
});
// Each source once, so that a wrong key or an unreachable source is a warning now rather than the
// first caller's surprise, and /ready knows it; bounded, since starting never depends on it.
await probeSources(backends, health, logger, Math.min(PROBE_WAIT_MS, config.http.deadlineMs));
const server = await startServer(config, service, health, metrics, logger).catch((error: unknown) =>
  exitCannotStart([listenProblem('PORT', config.port, error)]),
);
const metricsServer = config.metrics
  ? await startMetricsServer(config.metrics, metrics, logger).catch((error: unknown) =>
      exitCannotStart([listenProblem('METRICS_PORT', config.metrics!.port, error, 'METRICS_HOST')]),
    )
  : null;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: with no listener left, a second signal (an impatient orchestrator or
  // Ctrl-C) would kill the process mid-drain and cut the in-flight requests' sockets.
  process.on(signal, async () => {
    if (stopping) {
      logger.warn({ signal }, 'already shutting down: signal ignored');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: /ready is 503, finishing in-flight requests');
    // Ctrl-C in a terminal has no load balancer to tell: skip the delay.
    await server.shutdown({ ...config.shutdown, delayMs: signal === 'SIGINT' ? 0 : config.shutdown.delayMs });
    metricsServer?.close();
    // Write attempts still in flight settle (bounded by WRITE_SETTLE_LIMIT_MS) and their locks are released.
    await service.drain();
    await Promise.all(backends.map((backend) => backend.close()));
    await coordination.close();
    await emulators?.close();
    // Last: the spans of the requests and write attempts finished above go out too.
    await tracing?.shutdown();
    logger.info('stopped');
    process.exit(0);
  });
}

// Announced only once the signals are handled: pino writes on a worker thread, so a supervisor (or a
// test) can read this line and send SIGTERM before the next statement of this thread has run.
logger.info(
  {
    url: server.url,
    metrics: metricsServer?.url ?? server.url.replace(/\/graphql$/, '/metrics'),
    sources: sources.map(({ name, kind }) => ({ name, kind, rateLimit: config.rateLimits[name] ?? null })),
    callerShare: config.callerShare,
    coordination: redisUrl ? 'redis' : 'in-process',
    auth: authDescription(config),
  },
  'customer-graph listening',
);
