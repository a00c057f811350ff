// Environment → typed, checked configuration. Every problem is reported at startup, by variable name.
import { z } from 'zod';
import { BACKEND_FACTORIES } from './backends/registry.js';
import type { HttpPolicy } from './backends/http.js';
import { BACKEND_KINDS, type BackendKind } from './customers/model.js';

export interface SourceConfig {
  name: string;
  kind: BackendKind;
  /** Kind-specific settings, checked by the kind's factory (url, apiKey, tenantId…). */
  settings: Record<string, string | undefined>;
}

export interface Config {
  port: number;
  /** Interface to bind; undefined = all. */
  host: string | undefined;
  /** Configured sources; null = the embedded emulators. */
  sources: SourceConfig[] | null;
  http: HttpPolicy;
  maxConcurrentReadsPerRequest: number;
  maxBodyBytes: number;
  /** Most bytes of request bodies still arriving, declared Content-Lengths summed over all requests. */
  maxPendingBodyBytes: number;
  /** A request whose headers and body have not all arrived within this is cut. */
  requestTimeoutMs: number;
  /** Open connections beyond this are closed as soon as they are accepted. */
  maxConnections: number;
  /** Origins granted cross-origin access (exact `scheme://host[:port]`); empty = none. */
  corsOrigins: string[];
  /** On SIGTERM: how long /ready says 503 while still serving, then the most to wait for in-flight requests. */
  shutdown: { delayMs: number; timeoutMs: number };
  logLevel: string;
  /** Keys callers must present as `Authorization: Bearer <key>`; empty = no authentication. */
  apiKeys: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SOURCE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** SOURCE_<NAME>_<SETTING>: e.g. SOURCE_FLEXPORTAL_US_API_KEY for source "flexportal-us", setting apiKey. */
export function sourceEnvName(source: string, setting: string): string {
  const snake = setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  return `SOURCE_${source.toUpperCase().replaceAll('-', '_')}_${snake}`;
}

/** A comma-separated list of exact origins; `*`, paths and anything that is not how a browser writes an Origin are refused. */
const origins = z
  .string()
  .optional()
  .transform((list, context) => {
    const entries = (list ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    for (const entry of entries) {
      const origin = URL.canParse(entry) ? new URL(entry).origin : 'null';
      if (origin === 'null') context.addIssue({ code: 'custom', message: `"${entry}" is not an origin such as https://app.example.com` });
      else if (origin !== entry) context.addIssue({ code: 'custom', message: `"${entry}" is not an exact origin: write it as ${origin}` });
    }
    return entries;
  });

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const Env = z.object({
  PORT: int(4000, 0, 65535),
  HOST: z.string().min(1).optional(),
  SOURCES: z.string().optional(),
  BACKEND_TIMEOUT_MS: int(3000, 10, 120_000),
  BACKEND_DEADLINE_MS: int(10_000, 10, 600_000),
  BACKEND_RETRIES: int(2, 0, 10),
  BACKEND_RETRY_BASE_MS: int(100, 1, 60_000),
  BREAKER_FAILURE_RATE: z.coerce.number().gt(0).lt(1).default(0.5),
  BREAKER_WINDOW_MS: int(10_000, 100, 600_000),
  BREAKER_MIN_RPS: z.coerce.number().gt(0).max(10_000).default(1),
  BREAKER_HALF_OPEN_MS: int(5000, 10, 600_000),
  BACKEND_CONNECTIONS: int(64, 1, 1024),
  MAX_CONCURRENT_READS_PER_REQUEST: int(8, 1, 256),
  MAX_BODY_BYTES: int(1_048_576, 1024, 50 * 1_048_576),
  MAX_PENDING_BODY_BYTES: int(64 * 1_048_576, 1024, 16 * 1024 * 1_048_576),
  REQUEST_TIMEOUT_MS: int(10_000, 100, 600_000),
  MAX_CONNECTIONS: int(1024, 1, 1_000_000),
  CORS_ORIGINS: origins,
  SHUTDOWN_DELAY_MS: int(2000, 0, 120_000),
  SHUTDOWN_TIMEOUT_MS: int(30_000, 0, 600_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_KEYS: z.string().optional(),
}).refine((e) => e.MAX_PENDING_BODY_BYTES >= e.MAX_BODY_BYTES, {
  path: ['MAX_PENDING_BODY_BYTES'],
  message: 'must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read',
  // Also when other variables are wrong (every problem at once), but only once both sizes are numbers.
  when: ({ issues }) => !issues.some((issue) => ['MAX_PENDING_BODY_BYTES', 'MAX_BODY_BYTES'].includes(String(issue.path?.[0]))),
});

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    sources: e.SOURCES ? parseSources(e.SOURCES, env) : null,
    http: {
      timeoutMs: e.BACKEND_TIMEOUT_MS,
      deadlineMs: e.BACKEND_DEADLINE_MS,
      retries: e.BACKEND_RETRIES,
      retryBaseMs: e.BACKEND_RETRY_BASE_MS,
      breakerFailureRate: e.BREAKER_FAILURE_RATE,
      breakerWindowMs: e.BREAKER_WINDOW_MS,
      breakerMinimumRps: e.BREAKER_MIN_RPS,
      breakerHalfOpenMs: e.BREAKER_HALF_OPEN_MS,
      connections: e.BACKEND_CONNECTIONS,
    },
    maxConcurrentReadsPerRequest: e.MAX_CONCURRENT_READS_PER_REQUEST,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxPendingBodyBytes: e.MAX_PENDING_BODY_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    maxConnections: e.MAX_CONNECTIONS,
    corsOrigins: e.CORS_ORIGINS,
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    apiKeys: (e.API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
  };
}

function parseSources(list: string, env: NodeJS.ProcessEnv): SourceConfig[] {
  const names = list.split(',').map((n) => n.trim()).filter(Boolean);
  const problems: string[] = [];
  const sources: SourceConfig[] = [];
  for (const name of names) {
    if (!SOURCE_NAME.test(name)) {
      problems.push(`SOURCES: "${name}" must be lower-case letters, digits and dashes, starting with a letter.`);
      continue;
    }
    const kindVar = sourceEnvName(name, 'kind');
    const inferred = BACKEND_KINDS.find((kind) => name.startsWith(kind.toLowerCase()));
    const kind = (env[kindVar]?.toUpperCase() ?? inferred) as BackendKind | undefined;
    if (!kind || !BACKEND_KINDS.includes(kind)) {
      problems.push(`${kindVar}: must be one of ${BACKEND_KINDS.join(', ')} (needed because "${name}" does not start with a kind).`);
      continue;
    }
    const factory = BACKEND_FACTORIES[kind];
    const keys = Object.keys((factory.settings as unknown as z.ZodObject).shape);
    const settings = Object.fromEntries(keys.map((key) => [key, env[sourceEnvName(name, key)] || undefined]));
    const checked = factory.settings.safeParse(settings);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        problems.push(`${sourceEnvName(name, String(issue.path[0]))}: ${settings[String(issue.path[0])] === undefined ? 'is required' : issue.message}.`);
      }
      continue;
    }
    sources.push({ name, kind, settings });
  }
  if (new Set(names).size !== names.length) problems.push('SOURCES: a source name is listed twice.');
  if (problems.length > 0) throw new ConfigError(`Invalid source configuration:\n${problems.join('\n')}`);
  return sources;
}
