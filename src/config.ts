// Environment → typed, checked configuration. Every problem is reported at startup, by variable name.
import { z } from 'zod';
import { BACKEND_FACTORIES } from './backends/registry.js';
import type { HttpPolicy } from './backends/http.js';
import type { RateLimit } from './customers/coordination.js';
import { BACKEND_KINDS, type BackendKind } from './customers/model.js';
import type { EmulatorOptions } from './emulators/index.js';
import { tracingConfig, type TracingConfig } from './telemetry/tracing.js';
import { loadManifests } from './trusted-documents.js';

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
  /** The embedded emulators' ports and limits (used when no source is configured). */
  emulators: EmulatorOptions;
  http: HttpPolicy;
  maxConcurrentReadsPerRequest: number;
  /** Distinct customers one request may read from the backends. */
  maxBackendReadsPerRequest: number;
  /** `_entities` representations one request may send. */
  maxEntitiesPerRequest: number;
  maxBodyBytes: number;
  /** Mutation fields one operation may hold (each costs backend calls). */
  maxMutationsPerRequest: number;
  /** Most bytes of request bodies still arriving, over all requests (see request-body.ts for how they are counted). */
  maxPendingBodyBytes: number;
  /** The same, for the requests of one client address. */
  maxPendingBodyBytesPerClient: number;
  /** A request whose headers and body have not all arrived within this is cut. */
  requestTimeoutMs: number;
  /** Every GraphQL request is answered within this of its arrival: lock and budget waits, backend calls and read-backs share it. */
  requestDeadlineMs: number;
  /** A body from which nothing has arrived for this long is cut. */
  bodyIdleTimeoutMs: number;
  /** Open connections beyond this: the longest idle one is closed, or else the new one. */
  maxConnections: number;
  /** How long a keep-alive connection may stay idle between requests. */
  keepAliveTimeoutMs: number;
  /** Origins granted cross-origin access (exact `scheme://host[:port]`); empty = none. */
  corsOrigins: string[];
  /** On SIGTERM: how long /ready says 503 while still serving, then the most to wait for in-flight requests. */
  shutdown: { delayMs: number; timeoutMs: number };
  logLevel: string;
  /** Static keys (full access) callers may present as `Authorization: Bearer <key>`. */
  apiKeys: string[];
  /**
   * JWT bearer tokens verified against a JWKS; null = not accepted. With no API keys either, the
   * API is open: only the embedded default, or configured sources with ALLOW_UNAUTHENTICATED=true.
   */
  jwt: JwtConfig | null;
  /** Each source's request budget by name (configured sources, or the embedded ones); null = none. */
  rateLimits: Record<string, RateLimit | null>;
  /** The fraction of each budget's window one identified caller may use (1 = the whole budget). */
  callerShare: number;
  coordination: CoordinationConfig;
  /** Where GET /metrics is served: on the main port (null) or on a listener of its own. */
  metrics: { port: number; host: string } | null;
  /** OpenTelemetry traces by the standard OTEL_* variables; null = off (no endpoint set). */
  tracing: TracingConfig | null;
  /** The documents of the TRUSTED_DOCUMENTS manifests by id, and how they are enforced; null = off. */
  trustedDocuments: TrustedDocumentsConfig | null;
}

export interface TrustedDocumentsConfig {
  /** `allow`: a request may name a trusted document by id or send any document; `only`: only API-key callers may send a document not listed. */
  mode: 'allow' | 'only';
  /** Each document by its id, `sha256:<hex>`. */
  documents: ReadonlyMap<string, string>;
}

export interface JwtConfig {
  jwksUrl: URL;
  issuer: string;
  audience: string;
  /** After a fetch of the key set, how long a token with an unknown `kid` waits before it may trigger another (at least 1 s: never per token). */
  jwksCooldownMs: number;
}

export interface CoordinationConfig {
  /** Redis for locks and budgets shared by replicas; null = in-process (one replica). */
  redisUrl: string | null;
  /** Longest wait for a customer's lock held by another update. */
  lockWaitMs: number;
  /** A Redis lease's time to live: at least `longestLockHoldMs`. */
  lockTtlMs: number;
  /** Replicas sharing each budget: while Redis is unreachable each keeps 1/replicas of it. */
  replicas: number;
}

/** The embedded default's sources (SOURCES unset), served by the emulators. */
export const EMBEDDED_SOURCES: readonly { name: string; kind: BackendKind }[] = [
  { name: 'flowglad', kind: 'FLOWGLAD' },
  { name: 'flexportal', kind: 'FLEXPORTAL' },
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SOURCE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const isBackendKind = (kind: string | undefined): kind is BackendKind => BACKEND_KINDS.some((known) => known === kind);

/** A setting's part of its variable: apiKey → API_KEY. */
const settingEnvName = (setting: string) => setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** What a source's variables start with: SOURCE_FLEXPORTAL_US_ for source "flexportal-us". */
const sourceEnvPrefix = (source: string) => `SOURCE_${source.toUpperCase().replaceAll('-', '_')}_`;

/** SOURCE_<NAME>_<SETTING>: e.g. SOURCE_FLEXPORTAL_US_API_KEY for source "flexportal-us", setting apiKey. */
export function sourceEnvName(source: string, setting: string): string {
  return sourceEnvPrefix(source) + settingEnvName(setting);
}

/** A comma-separated list of exact origins; `*`, paths and anything that is not how a browser writes an Origin are refused. */
const origins = z
  .string()
  .optional()
  .transform((list, context) => {
    const entries = (list ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const origin = URL.canParse(entry) ? new URL(entry).origin : 'null';
      if (origin === 'null') context.addIssue({ code: 'custom', message: `"${entry}" is not an origin such as https://app.example.com` });
      else if (origin !== entry) context.addIssue({ code: 'custom', message: `"${entry}" is not an exact origin: write it as ${origin}` });
    }
    return entries;
  });

/** A whole number in [min, max]; every refusal says the range, not zod's "received NaN". */
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const int = (fallback: number, min: number, max: number) => wholeNumber(min, max).default(fallback);

const EmulatorEnv = z.object({
  FLOWGLAD_EMULATOR_PORT: int(4010, 0, 65535),
  FLEXPORTAL_EMULATOR_PORT: int(4020, 0, 65535),
  FLEXPORTAL_EMULATOR_RATE_LIMIT: int(100, 1, 1_000_000_000),
  FLEXPORTAL_EMULATOR_RATE_WINDOW_MS: int(60_000, 100, 86_400_000),
});

/** A number `inRange` accepts; a refusal is `error`, not zod's text. */
const decimal = (fallback: number, inRange: (n: number) => boolean, error: string) => z.coerce.number({ error }).refine(inRange, { error }).default(fallback);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TRUSTED_DOCUMENTS_MODES = ['off', 'allow', 'only'] as const;

const Env = EmulatorEnv.extend({
  PORT: int(4000, 0, 65535),
  HOST: z.string().min(1).optional(),
  SOURCES: z.string().optional(),
  BACKEND_TIMEOUT_MS: int(3000, 10, 120_000),
  BACKEND_DEADLINE_MS: int(10_000, 10, 600_000),
  BACKEND_RETRIES: int(2, 0, 10),
  BACKEND_RETRY_BASE_MS: int(100, 1, 60_000),
  BREAKER_FAILURE_RATE: decimal(0.5, (n) => n > 0 && n < 1, 'must be a number above 0 and below 1'),
  BREAKER_WINDOW_MS: int(10_000, 100, 600_000),
  BREAKER_MIN_RPS: decimal(1, (n) => n > 0 && n <= 10_000, 'must be a number above 0, at most 10000'),
  BREAKER_HALF_OPEN_MS: int(5000, 10, 600_000),
  BACKEND_CONNECTIONS: int(64, 1, 1024),
  MAX_CONCURRENT_READS_PER_REQUEST: int(8, 1, 256),
  MAX_BACKEND_READS_PER_REQUEST: int(100, 1, 100_000),
  MAX_ENTITIES_PER_REQUEST: int(100, 1, 100_000),
  MAX_BODY_BYTES: int(1_048_576, 1024, 50 * 1_048_576),
  MAX_MUTATIONS_PER_REQUEST: int(10, 1, 1000),
  MAX_PENDING_BODY_BYTES: int(32 * 1_048_576, 1024, 16 * 1024 * 1_048_576),
  MAX_PENDING_BODY_BYTES_PER_CLIENT: wholeNumber(1024, 16 * 1024 * 1_048_576).optional(),
  REQUEST_TIMEOUT_MS: int(10_000, 100, 600_000),
  REQUEST_DEADLINE_MS: int(15_000, 100, 600_000),
  BODY_IDLE_TIMEOUT_MS: int(3000, 100, 600_000),
  MAX_CONNECTIONS: int(1024, 1, 1_000_000),
  KEEP_ALIVE_TIMEOUT_MS: int(5000, 100, 600_000),
  CORS_ORIGINS: origins,
  SHUTDOWN_DELAY_MS: int(2000, 0, 120_000),
  SHUTDOWN_TIMEOUT_MS: int(30_000, 0, 600_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  API_KEYS: z.string().optional(),
  ALLOW_UNAUTHENTICATED: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  // Not 0: every token naming an unknown `kid` would then fetch the key set.
  AUTH_JWKS_COOLDOWN_MS: int(30_000, 1000, 3_600_000),
  WRITE_SETTLE_LIMIT_MS: int(30_000, 10, 600_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  LOCK_WAIT_MS: int(10_000, 1, 600_000),
  LOCK_TTL_MS: wholeNumber(1000, 3_600_000).optional(),
  REPLICAS: int(2, 1, 1000),
  CALLER_SHARE: decimal(0.25, (n) => n > 0 && n <= 1, 'must be a number above 0, at most 1'),
  METRICS_PORT: wholeNumber(0, 65535).optional(),
  METRICS_HOST: z.string().min(1).optional(),
  TRUSTED_DOCUMENTS: z.string().optional(),
  TRUSTED_DOCUMENTS_MODE: z.enum(TRUSTED_DOCUMENTS_MODES, { error: `must be one of ${TRUSTED_DOCUMENTS_MODES.join(', ')}` }).default('off'),
});

/** Each fixed variable the service reads, with its default (undefined: none); src/docs.spec.ts holds docs/configuration.md to it. */
export const VARIABLE_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.entries(Env.shape).map(([name, schema]) => [name, schema.safeParse(undefined).data]),
);

/** `<VARIABLE>: <message>.`, the form of every start-up problem. */
const sentence = (variable: string, message: string) => `${variable}: ${message}${message.endsWith('.') ? '' : '.'}`;

/**
 * Parses each variable a schema names on its own (an empty variable counts as unset), so that
 * every wrong one is named at once, into `problems`. A wrong variable takes its default and is
 * listed in `failed`, so that checks across variables can leave it out rather than stop.
 */
function parseEnv<T extends z.ZodObject>(schema: T, env: NodeJS.ProcessEnv, problems: string[]): { values: z.infer<T>; failed: Set<string> } {
  const given: Record<string, string | undefined> = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const failed = new Set<string>();
  for (const [name, field] of Object.entries(schema.shape)) {
    const checked = field.safeParse(given[name]);
    if (checked.success) continue;
    failed.add(name);
    given[name] = undefined;
    problems.push(...checked.error.issues.map((issue: z.core.$ZodIssue) => sentence(name, issue.message)));
  }
  return { values: schema.parse(given), failed };
}

/** Like parseEnv, for a part that stops on its own problems. */
function parseEnvOrThrow<T extends z.ZodObject>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const problems: string[] = [];
  const { values } = parseEnv(schema, env, problems);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return values;
}

function emulatorOptions(e: z.infer<typeof EmulatorEnv>): EmulatorOptions {
  return {
    flowgladPort: e.FLOWGLAD_EMULATOR_PORT,
    flexportalPort: e.FLEXPORTAL_EMULATOR_PORT,
    flexportalRateLimit: e.FLEXPORTAL_EMULATOR_RATE_LIMIT,
    flexportalRateWindowMs: e.FLEXPORTAL_EMULATOR_RATE_WINDOW_MS,
  };
}

/** The emulators' own settings, for running them alone (`npm run emulators`). */
export function loadEmulatorOptions(env: NodeJS.ProcessEnv): EmulatorOptions {
  return emulatorOptions(parseEnvOrThrow(EmulatorEnv, env));
}

/**
 * The longest an update can hold its customer's lock: a read, two writes (fields, then status)
 * and a read-back after each, every call within the deadline plus one backoff pause begun before
 * it, and each write's wait for its attempts to settle.
 */
export function longestLockHoldMs(http: HttpPolicy): number {
  const call = http.deadlineMs + http.retryBaseMs * 2 ** Math.max(0, http.retries - 1);
  return 5 * call + 2 * http.settleLimitMs;
}

/** Room on top of the longest hold for event-loop delays and Redis round trips. */
const LOCK_TTL_SLACK_MS = 5000;

const RATE_LIMIT = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m)$/;
const DURATION_UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;
const isDurationUnit = (unit: string | undefined): unit is keyof typeof DURATION_UNIT_MS => unit !== undefined && Object.hasOwn(DURATION_UNIT_MS, unit);

/** `<count>/<duration>` (e.g. `100/60s`, `5/2000ms`, `100/1m`) or `none`; a problem is a sentence for the variable. */
export function parseRateLimit(text: string): { limit: RateLimit | null } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'none') return { limit: null };
  const match = RATE_LIMIT.exec(trimmed);
  const unit = match?.[3];
  if (!match || !isDurationUnit(unit)) return { problem: `"${text}" is not <count>/<duration> such as 100/60s (duration in ms, s or m), or none` };
  const count = Number(match[1]);
  const durationMs = Math.round(Number(match[2]) * DURATION_UNIT_MS[unit]);
  if (count < 2) return { problem: 'must allow at least 2 requests per duration (windows that hold the limit in every sliding window need two)' };
  if (durationMs < 1000) return { problem: 'the duration must be at least 1s' };
  return { limit: { count, durationMs } };
}

/** Every problem in `env`, in one round: each variable, the sources, then the checks across variables. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const { values: e, failed } = parseEnv(Env, env, problems);
  /** Whether none of `variables` is wrong on its own, so that a check across them means something. */
  const valid = (...variables: (keyof typeof e)[]) => variables.every((variable) => !failed.has(variable));
  const listed = e.SOURCES ? parseSources(e.SOURCES, env, problems) : null;
  const sources = listed?.flatMap(({ name, kind, settings }) => (kind && settings ? [{ name, kind, settings }] : [])) ?? null;
  problems.push(...strayVariables(env, listed));
  const rateLimits: Record<string, RateLimit | null> = {};
  // Also for a source whose other settings are wrong: every problem at once.
  for (const { name, kind } of listed?.flatMap((source) => (source.kind ? [{ name: source.name, kind: source.kind }] : [])) ?? EMBEDDED_SOURCES) {
    const variable = sourceEnvName(name, 'rateLimit');
    const parsed = env[variable] ? parseRateLimit(env[variable]) : { limit: BACKEND_FACTORIES[kind].defaultRateLimit };
    if ('problem' in parsed) problems.push(sentence(variable, parsed.problem));
    else rateLimits[name] = parsed.limit;
  }
  if (valid('MAX_PENDING_BODY_BYTES', 'MAX_BODY_BYTES') && e.MAX_PENDING_BODY_BYTES < e.MAX_BODY_BYTES) {
    problems.push('MAX_PENDING_BODY_BYTES: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read.');
  }
  if (valid('MAX_PENDING_BODY_BYTES_PER_CLIENT', 'MAX_BODY_BYTES') && (e.MAX_PENDING_BODY_BYTES_PER_CLIENT ?? Infinity) < e.MAX_BODY_BYTES) {
    problems.push('MAX_PENDING_BODY_BYTES_PER_CLIENT: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read.');
  }
  const http: HttpPolicy = {
    timeoutMs: e.BACKEND_TIMEOUT_MS,
    deadlineMs: e.BACKEND_DEADLINE_MS,
    retries: e.BACKEND_RETRIES,
    retryBaseMs: e.BACKEND_RETRY_BASE_MS,
    breakerFailureRate: e.BREAKER_FAILURE_RATE,
    breakerWindowMs: e.BREAKER_WINDOW_MS,
    breakerMinimumRps: e.BREAKER_MIN_RPS,
    breakerHalfOpenMs: e.BREAKER_HALF_OPEN_MS,
    connections: e.BACKEND_CONNECTIONS,
    settleLimitMs: e.WRITE_SETTLE_LIMIT_MS,
  };
  if (valid('WRITE_SETTLE_LIMIT_MS', 'BACKEND_TIMEOUT_MS') && http.settleLimitMs < http.timeoutMs) {
    problems.push(`WRITE_SETTLE_LIMIT_MS: must be at least BACKEND_TIMEOUT_MS (${http.timeoutMs}): a write is kept open at least as long as it is waited for.`);
  }
  const longestHold = longestLockHoldMs(http);
  const holdValid = valid('BACKEND_DEADLINE_MS', 'BACKEND_RETRY_BASE_MS', 'BACKEND_RETRIES', 'WRITE_SETTLE_LIMIT_MS');
  if (holdValid && e.LOCK_TTL_MS !== undefined && e.LOCK_TTL_MS < longestHold) {
    problems.push(
      `LOCK_TTL_MS: must be at least ${longestHold} ms, the longest an update can hold its lock with these settings (5 × (BACKEND_DEADLINE_MS + one retry pause) + 2 × WRITE_SETTLE_LIMIT_MS); leave it unset for that plus ${LOCK_TTL_SLACK_MS} ms.`,
    );
  }
  const jwt = jwtConfig(e, failed, problems);
  const apiKeys = (e.API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  // Any AUTH_* variable set means tokens were meant: what is wrong with them is named already.
  const authGiven = ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'].some((variable) => env[variable]);
  // Real sources are not served to anyone who asks unless the operator says so: a forgotten
  // API_KEYS must not start an open API on every interface.
  if (sources && apiKeys.length === 0 && !jwt && !authGiven && e.ALLOW_UNAUTHENTICATED !== 'true' && valid('ALLOW_UNAUTHENTICATED')) {
    problems.push(
      'API_KEYS: with SOURCES set, callers must be authenticated: set API_KEYS (comma-separated keys) or AUTH_JWKS_URL with AUTH_ISSUER and AUTH_AUDIENCE; or set ALLOW_UNAUTHENTICATED=true to serve the sources to anyone who can reach the port.',
    );
  }
  if (valid('METRICS_PORT') && e.METRICS_HOST !== undefined && e.METRICS_PORT === undefined) {
    problems.push('METRICS_HOST: only applies with METRICS_PORT (without it /metrics is on PORT); set METRICS_PORT too, or unset METRICS_HOST.');
  }
  if (valid('METRICS_PORT', 'PORT') && e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    problems.push(`METRICS_PORT: must differ from PORT (${e.PORT}); leave it unset to serve /metrics on PORT.`);
  }
  const tracing = tracingConfig(env, problems);
  const trustedDocuments = trustedDocumentsConfig(e, failed, problems);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return {
    port: e.PORT,
    host: e.HOST,
    sources,
    emulators: emulatorOptions(e),
    http,
    maxConcurrentReadsPerRequest: e.MAX_CONCURRENT_READS_PER_REQUEST,
    maxBackendReadsPerRequest: e.MAX_BACKEND_READS_PER_REQUEST,
    maxEntitiesPerRequest: e.MAX_ENTITIES_PER_REQUEST,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxMutationsPerRequest: e.MAX_MUTATIONS_PER_REQUEST,
    maxPendingBodyBytes: e.MAX_PENDING_BODY_BYTES,
    // By default a quarter of the whole: four addresses are needed to fill it.
    maxPendingBodyBytesPerClient: e.MAX_PENDING_BODY_BYTES_PER_CLIENT ?? Math.max(e.MAX_BODY_BYTES, Math.floor(e.MAX_PENDING_BODY_BYTES / 4)),
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    bodyIdleTimeoutMs: e.BODY_IDLE_TIMEOUT_MS,
    maxConnections: e.MAX_CONNECTIONS,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    corsOrigins: e.CORS_ORIGINS,
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    apiKeys,
    jwt,
    rateLimits,
    callerShare: e.CALLER_SHARE,
    coordination: {
      redisUrl: e.REDIS_URL ?? null,
      lockWaitMs: e.LOCK_WAIT_MS,
      lockTtlMs: e.LOCK_TTL_MS ?? longestHold + LOCK_TTL_SLACK_MS,
      replicas: e.REPLICAS,
    },
    // Its own listener is only on loopback unless told otherwise: metrics are for the operator's scraper.
    metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST ?? '127.0.0.1' },
    tracing,
    trustedDocuments,
  };
}

/** The manifests TRUSTED_DOCUMENTS lists, read and checked, when TRUSTED_DOCUMENTS_MODE enforces them; the two go together. */
function trustedDocumentsConfig(e: z.infer<typeof Env>, failed: Set<string>, problems: string[]): TrustedDocumentsConfig | null {
  // A wrong mode is named already: whether the manifests apply is then unknown.
  if (failed.has('TRUSTED_DOCUMENTS_MODE')) return null;
  const paths = (e.TRUSTED_DOCUMENTS ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean);
  const mode = e.TRUSTED_DOCUMENTS_MODE;
  if (mode === 'off') {
    // Manifests that would be ignored: the operator meant them to apply.
    if (paths.length > 0) problems.push('TRUSTED_DOCUMENTS: applies only with TRUSTED_DOCUMENTS_MODE allow or only; set the mode, or unset TRUSTED_DOCUMENTS.');
    return null;
  }
  if (paths.length === 0) {
    problems.push(`TRUSTED_DOCUMENTS_MODE: ${mode} needs the manifests in TRUSTED_DOCUMENTS (comma-separated paths of persisted-documents.json files).`);
    return null;
  }
  const { documents, problems: manifestProblems } = loadManifests(paths);
  problems.push(...manifestProblems.map((problem) => sentence('TRUSTED_DOCUMENTS', problem)));
  return { mode, documents };
}

/** How callers are authenticated, for the start-up line. */
export function authDescription({ apiKeys, jwt, sources }: Pick<Config, 'apiKeys' | 'jwt' | 'sources'>): string {
  const token = jwt && `JWT (${jwt.issuer})`;
  if (apiKeys.length > 0) return token ? `API keys and ${token}` : 'API keys';
  if (token) return token;
  return sources ? 'open: ALLOW_UNAUTHENTICATED' : 'open: embedded default';
}

/** The three AUTH_* variables go together: a token check missing its issuer or audience would accept too much. */
function jwtConfig(e: z.infer<typeof Env>, failed: Set<string>, problems: string[]): JwtConfig | null {
  const given = { AUTH_JWKS_URL: e.AUTH_JWKS_URL, AUTH_ISSUER: e.AUTH_ISSUER, AUTH_AUDIENCE: e.AUTH_AUDIENCE };
  // A variable set but wrong is named already, not "required" on top.
  const missing = Object.entries(given)
    .filter(([name, value]) => value === undefined && !failed.has(name))
    .map(([name]) => name);
  if (missing.length === 3) return null;
  if (missing.length > 0) {
    const set = Object.keys(given).filter((name) => !missing.includes(name));
    problems.push(...missing.map((name) => `${name}: is required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set.`));
    return null;
  }
  if (failed.has('AUTH_JWKS_URL')) return null;
  return { jwksUrl: new URL(e.AUTH_JWKS_URL!), issuer: e.AUTH_ISSUER!, audience: e.AUTH_AUDIENCE!, jwksCooldownMs: e.AUTH_JWKS_COOLDOWN_MS };
}

/** A source SOURCES lists under a valid name: its kind when known, its settings when they are all valid. */
interface ListedSource {
  name: string;
  kind: BackendKind | null;
  settings: SourceConfig['settings'] | null;
}

/** The sources SOURCES lists; each problem found goes into `problems`. */
function parseSources(list: string, env: NodeJS.ProcessEnv, problems: string[]): ListedSource[] {
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const sources: ListedSource[] = [];
  for (const name of names) {
    if (!SOURCE_NAME.test(name)) {
      problems.push(`SOURCES: "${name}" must be lower-case letters, digits and dashes, starting with a letter.`);
      continue;
    }
    const kindVar = sourceEnvName(name, 'kind');
    const inferred = BACKEND_KINDS.find((kind) => name.startsWith(kind.toLowerCase()));
    const kind = env[kindVar]?.toUpperCase() || inferred;
    if (!isBackendKind(kind)) {
      problems.push(`${kindVar}: must be one of ${BACKEND_KINDS.join(', ')} (needed because "${name}" does not start with a kind).`);
      sources.push({ name, kind: null, settings: null });
      continue;
    }
    const factory = BACKEND_FACTORIES[kind];
    const keys = Object.keys(factory.settings.shape);
    const settings = Object.fromEntries(keys.map((key) => [key, env[sourceEnvName(name, key)] || undefined]));
    const checked = factory.settings.safeParse(settings);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0]);
        problems.push(sentence(sourceEnvName(name, key), settings[key] === undefined ? 'is required' : issue.message));
      }
    }
    sources.push({ name, kind, settings: checked.success ? settings : null });
  }
  if (new Set(names).size !== names.length) problems.push('SOURCES: a source name is listed twice.');
  return sources;
}

/** The variables a source of `kind` reads, by setting (upper snake case: URL, API_KEY…). */
function sourceSettingNames(kind: BackendKind): string[] {
  return [...Object.keys(BACKEND_FACTORIES[kind].settings.shape), 'kind', 'rateLimit'].map(settingEnvName);
}

/**
 * SOURCE_* variables that nothing reads, each named: a misspelled setting, a source SOURCES does
 * not list, a setting of another kind (a tenant id on a Flowglad source), a source's settings
 * while the embedded emulators serve (SOURCES unset). Silently ignored, each would leave the
 * operator believing it applies.
 */
function strayVariables(env: NodeJS.ProcessEnv, listed: ListedSource[] | null): string[] {
  const sources = listed ?? EMBEDDED_SOURCES.map(({ name, kind }) => ({ name, kind }));
  const everyKindsSettings = new Set(BACKEND_KINDS.flatMap(sourceSettingNames));
  const problems: string[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('SOURCE_') || !value) continue;
    // The longest prefix: SOURCE_FLEXPORTAL_US_URL is flexportal-us's even when flexportal is listed too.
    const owner = sources.filter(({ name }) => variable.startsWith(sourceEnvPrefix(name))).sort((a, b) => b.name.length - a.name.length)[0];
    if (!owner) {
      // Only what reads as a source setting: SOURCE_DATE_EPOCH (reproducible builds) and the like are not ours.
      if (![...everyKindsSettings].some((setting) => variable.endsWith(`_${setting}`))) continue;
      const names = sources.map(({ name }) => name).join(', ');
      problems.push(
        `${variable}: names no source in SOURCES (${listed ? names : `unset: the embedded ${names}`}); add the source to SOURCES, or unset ${variable}.`,
      );
      continue;
    }
    // A source whose kind is unknown is named already; which settings it reads is unknown too.
    if (!owner.kind) continue;
    const prefix = sourceEnvPrefix(owner.name);
    const setting = variable.slice(prefix.length);
    const reads = sourceSettingNames(owner.kind);
    if (!listed) {
      if (setting !== 'RATE_LIMIT')
        problems.push(
          `${variable}: SOURCES is unset, so the embedded emulators serve ${owner.name} and only its RATE_LIMIT applies; set SOURCES to configure real sources, or unset ${variable}.`,
        );
      continue;
    }
    if (reads.includes(setting)) continue;
    const alike = reads.find((known) => known.replaceAll('_', '') === setting.replaceAll('_', ''));
    if (alike) problems.push(`${variable}: is not a source setting; did you mean ${prefix}${alike}?`);
    else if (everyKindsSettings.has(setting))
      problems.push(`${variable}: does not apply to ${owner.name}, a ${owner.kind} source (it reads ${reads.join(', ')}); unset it.`);
    else problems.push(`${variable}: is not a setting of ${owner.name}, a ${owner.kind} source (it reads ${reads.map((known) => prefix + known).join(', ')}).`);
  }
  return problems;
}
