// Configuration: access (API keys and the AUTH_* variables, checked together), rate limits,
// coordination, and the limits at the edge.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authDescription, ConfigError, loadConfig, longestLockHoldMs, parseRateLimit } from './config.js';

const JWT = { AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json', AUTH_ISSUER: 'https://id.example.com/', AUTH_AUDIENCE: 'customer-graph' };

/** Every problem loadConfig reports, one a line; none when the configuration is valid. */
const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message.split('\n');
  }
};

/** The problems as one message, as the start prints them. */
const problem = (env: NodeJS.ProcessEnv) => problems(env).join('\n');

describe('access configuration', () => {
  it('is open with nothing set', () => {
    expect(loadConfig({})).toMatchObject({ apiKeys: [], jwt: null });
  });

  it('reads API keys and the JWKS settings, both at once', () => {
    const config = loadConfig({ API_KEYS: ' key-one, ,key-two ', ...JWT, AUTH_JWKS_COOLDOWN_MS: '1500' });
    expect(config.apiKeys).toEqual(['key-one', 'key-two']);
    expect(config.jwt).toEqual({ jwksUrl: new URL(JWT.AUTH_JWKS_URL), issuer: JWT.AUTH_ISSUER, audience: JWT.AUTH_AUDIENCE, jwksCooldownMs: 1500 });
    expect(loadConfig(JWT).jwt!.jwksCooldownMs).toBe(30_000);
  });

  it('requires issuer and audience with a JWKS URL, naming each missing variable', () => {
    const message = problem({ AUTH_JWKS_URL: JWT.AUTH_JWKS_URL });
    expect(message).toContain('AUTH_ISSUER: is required when AUTH_JWKS_URL is set.');
    expect(message).toContain('AUTH_AUDIENCE: is required when AUTH_JWKS_URL is set.');
  });

  it('refuses an issuer or audience without a JWKS URL rather than silently staying open', () => {
    expect(problem({ AUTH_ISSUER: JWT.AUTH_ISSUER, AUTH_AUDIENCE: JWT.AUTH_AUDIENCE })).toBe(
      'AUTH_JWKS_URL: is required when AUTH_ISSUER and AUTH_AUDIENCE are set.',
    );
  });

  it('refuses a JWKS cooldown under 1 s, which would let every token with an unknown kid fetch the key set', () => {
    expect(problems({ ...JWT, AUTH_JWKS_COOLDOWN_MS: '0' })).toEqual(['AUTH_JWKS_COOLDOWN_MS: must be a whole number from 1000 to 3600000.']);
    expect(loadConfig({ ...JWT, AUTH_JWKS_COOLDOWN_MS: '1000' }).jwt!.jwksCooldownMs).toBe(1000);
  });

  it('refuses a JWKS URL that is not http(s)', () => {
    expect(problem({ ...JWT, AUTH_JWKS_URL: 'file:///etc/jwks.json' })).toContain('AUTH_JWKS_URL: must be an http(s) URL');
    expect(problem({ ...JWT, AUTH_JWKS_URL: 'not a url' })).toContain('AUTH_JWKS_URL: must be an http(s) URL');
  });
});

describe('parseRateLimit', () => {
  it.each([
    ['100/60s', { count: 100, durationMs: 60_000 }],
    ['100/1m', { count: 100, durationMs: 60_000 }],
    ['5/2000ms', { count: 5, durationMs: 2000 }],
    [' 10 / 1.5s ', { count: 10, durationMs: 1500 }],
  ])('reads %j', (text, limit) => {
    expect(parseRateLimit(text)).toEqual({ limit });
  });

  it('reads none as no budget', () => {
    expect(parseRateLimit('none')).toEqual({ limit: null });
    expect(parseRateLimit('NONE')).toEqual({ limit: null });
  });

  it.each([
    ['100', 'is not <count>/<duration>'],
    ['100/60', 'is not <count>/<duration>'],
    ['100/60h', 'is not <count>/<duration>'],
    ['-1/60s', 'is not <count>/<duration>'],
    ['1/60s', 'at least 2 requests'],
    ['10/500ms', 'at least 1s'],
  ])('refuses %j', (text, problem) => {
    expect(parseRateLimit(text)).toEqual({ problem: expect.stringContaining(problem) });
  });
});

describe('loadConfig: coordination', () => {
  it('defaults to in-process coordination, FlexPortal at 100/60s, Flowglad unlimited, and a lock TTL above the longest hold', () => {
    const config = loadConfig({});
    expect(config.coordination).toEqual({ redisUrl: null, lockWaitMs: 10_000, lockTtlMs: longestLockHoldMs(config.http) + 5000, replicas: 2 });
    // 5 × (10 s deadline + 200 ms pause) + 2 × 30 s settle limit.
    expect(longestLockHoldMs(config.http)).toBe(111_000);
    expect(config.rateLimits).toEqual({ flowglad: null, flexportal: { count: 100, durationMs: 60_000 } });
  });

  it('reads each source its own rate limit by name', () => {
    const config = loadConfig({
      SOURCES: 'flowglad,flexportal-us',
      SOURCE_FLOWGLAD_URL: 'http://127.0.0.1:1',
      SOURCE_FLOWGLAD_API_KEY: 'k',
      SOURCE_FLOWGLAD_RATE_LIMIT: '50/10s',
      SOURCE_FLEXPORTAL_US_URL: 'http://127.0.0.1:2',
      SOURCE_FLEXPORTAL_US_API_KEY: 'k',
      SOURCE_FLEXPORTAL_US_TENANT_ID: 't',
      REDIS_URL: 'redis://cache:6379/2',
      ALLOW_UNAUTHENTICATED: 'true',
    });
    expect(config.rateLimits).toEqual({ flowglad: { count: 50, durationMs: 10_000 }, 'flexportal-us': { count: 100, durationMs: 60_000 } });
    expect(config.coordination.redisUrl).toBe('redis://cache:6379/2');
  });

  it('refuses a REDIS_URL that is not a Redis URL', () => {
    expect(problems({ REDIS_URL: 'http://cache:6379' })).toEqual([expect.stringMatching(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/)]);
  });

  it('names every wrong rate limit and timing at once', () => {
    expect(problems({ SOURCE_FLEXPORTAL_RATE_LIMIT: 'lots', BACKEND_TIMEOUT_MS: '5000', WRITE_SETTLE_LIMIT_MS: '1000', LOCK_TTL_MS: '50000' })).toEqual([
      expect.stringMatching(/^SOURCE_FLEXPORTAL_RATE_LIMIT: "lots" is not <count>\/<duration>/),
      expect.stringMatching(/^WRITE_SETTLE_LIMIT_MS: must be at least BACKEND_TIMEOUT_MS \(5000\)/),
      // 5 × (10 s deadline + 200 ms pause) + 2 × 1 s settle limit.
      expect.stringMatching(/^LOCK_TTL_MS: must be at least 53000 ms/),
    ]);
  });
});

describe('loadConfig: limits at the edge and CORS', () => {
  it('defaults to 32 MB of bodies arriving at once (8 MB per client), 10 s per request, 3 s of silence per body, 1024 connections idle 5 s at most, and no cross-origin access', () => {
    expect(loadConfig({})).toMatchObject({
      maxPendingBodyBytes: 33_554_432,
      maxPendingBodyBytesPerClient: 8_388_608,
      requestTimeoutMs: 10_000,
      bodyIdleTimeoutMs: 3000,
      maxConnections: 1024,
      keepAliveTimeoutMs: 5000,
      corsOrigins: [],
    });
  });

  it('reads the variables', () => {
    const config = loadConfig({
      MAX_PENDING_BODY_BYTES: '2097152',
      MAX_PENDING_BODY_BYTES_PER_CLIENT: '1048577',
      REQUEST_TIMEOUT_MS: '1500',
      BODY_IDLE_TIMEOUT_MS: '700',
      MAX_CONNECTIONS: '50',
      KEEP_ALIVE_TIMEOUT_MS: '2000',
      CORS_ORIGINS: ' https://app.example.com ,http://localhost:3000,',
    });
    expect(config).toMatchObject({
      maxPendingBodyBytes: 2_097_152,
      maxPendingBodyBytesPerClient: 1_048_577,
      requestTimeoutMs: 1500,
      bodyIdleTimeoutMs: 700,
      maxConnections: 50,
      keepAliveTimeoutMs: 2000,
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
    });
  });

  it('refuses anything in CORS_ORIGINS that is not an exact origin, saying how to write it', () => {
    expect(problems({ CORS_ORIGINS: '*,null,https://app.example.com/,https://App.example.com,https://ok.example' })).toEqual([
      'CORS_ORIGINS: "*" is not an origin such as https://app.example.com.',
      'CORS_ORIGINS: "null" is not an origin such as https://app.example.com.',
      'CORS_ORIGINS: "https://app.example.com/" is not an exact origin: write it as https://app.example.com.',
      'CORS_ORIGINS: "https://App.example.com" is not an exact origin: write it as https://app.example.com.',
    ]);
  });

  it('refuses a MAX_PENDING_BODY_BYTES below MAX_BODY_BYTES, along with every other problem', () => {
    expect(problems({ MAX_PENDING_BODY_BYTES: '4096', MAX_BODY_BYTES: '8192', MAX_CONNECTIONS: '0', REQUEST_TIMEOUT_MS: 'soon' })).toEqual([
      'REQUEST_TIMEOUT_MS: must be a whole number from 100 to 600000.',
      'MAX_CONNECTIONS: must be a whole number from 1 to 1000000.',
      'MAX_PENDING_BODY_BYTES: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read.',
    ]);
    expect(problems({ MAX_PENDING_BODY_BYTES_PER_CLIENT: '4096', MAX_BODY_BYTES: '8192' })).toEqual([
      'MAX_PENDING_BODY_BYTES_PER_CLIENT: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read.',
    ]);
  });

  it('keeps the default per-client share at MAX_BODY_BYTES at least', () => {
    expect(loadConfig({ MAX_PENDING_BODY_BYTES: '2097152' }).maxPendingBodyBytesPerClient).toBe(1_048_576);
  });
});

describe('metrics configuration', () => {
  it('serves /metrics on PORT by default, and on METRICS_PORT (loopback unless METRICS_HOST says otherwise) when set', () => {
    expect(loadConfig({}).metrics).toBeNull();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
  });

  it('refuses a METRICS_PORT that is not a port or is PORT, and a METRICS_HOST without it, all at once', () => {
    expect(problems({ METRICS_PORT: '70000', METRICS_HOST: 'x' })).toEqual(['METRICS_PORT: must be a whole number from 0 to 65535.']);
    expect(problems({ METRICS_PORT: '4000', PORT: '4000' })).toEqual([expect.stringMatching(/^METRICS_PORT: must differ from PORT \(4000\)/)]);
    expect(problems({ METRICS_HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^METRICS_HOST: only applies with METRICS_PORT/)]);
  });
});

/** Configured sources with valid settings (a Flowglad one) and nothing else. */
const FLOWGLAD = { SOURCES: 'flowglad', SOURCE_FLOWGLAD_URL: 'https://api.flowglad.test', SOURCE_FLOWGLAD_API_KEY: 'sk_test' };

describe('fail closed: configured sources need credentials', () => {
  it.each([
    ['neither API_KEYS nor AUTH_*', FLOWGLAD],
    ['API_KEYS holding only separators', { ...FLOWGLAD, API_KEYS: ' , ' }],
    ['ALLOW_UNAUTHENTICATED=false', { ...FLOWGLAD, ALLOW_UNAUTHENTICATED: 'false' }],
  ])('refuses to start with %s, naming the variables in one problem', (_case, env) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    for (const variable of ['API_KEYS', 'AUTH_JWKS_URL', 'ALLOW_UNAUTHENTICATED=true']) expect(found[0]).toContain(variable);
  });

  it('starts open with ALLOW_UNAUTHENTICATED=true, and says so', () => {
    expect(authDescription(loadConfig({ ...FLOWGLAD, ALLOW_UNAUTHENTICATED: 'true' }))).toBe('open: ALLOW_UNAUTHENTICATED');
    expect(problems({ ...FLOWGLAD, ALLOW_UNAUTHENTICATED: 'yes' })).toEqual(['ALLOW_UNAUTHENTICATED: must be true or false.']);
  });

  it('leaves the embedded default open, and says so', () => {
    expect(authDescription(loadConfig({}))).toBe('open: embedded default');
  });

  it('names how callers are authenticated: API keys, JWT with its issuer, or both', () => {
    expect(authDescription(loadConfig({ ...FLOWGLAD, API_KEYS: 'k' }))).toBe('API keys');
    expect(authDescription(loadConfig({ ...FLOWGLAD, ...JWT }))).toBe('JWT (https://id.example.com/)');
    expect(authDescription(loadConfig({ ...FLOWGLAD, ...JWT, API_KEYS: 'k' }))).toBe('API keys and JWT (https://id.example.com/)');
  });

  it('names the AUTH_* problem alone when tokens were meant but are misconfigured', () => {
    expect(problems({ ...FLOWGLAD, AUTH_JWKS_URL: JWT.AUTH_JWKS_URL })).toEqual([
      'AUTH_ISSUER: is required when AUTH_JWKS_URL is set.',
      'AUTH_AUDIENCE: is required when AUTH_JWKS_URL is set.',
    ]);
  });
});

describe('every start-up problem at once, by name', () => {
  const open = { ...FLOWGLAD, ALLOW_UNAUTHENTICATED: 'true' };

  it.each(['ftp://x', 'file:///etc/passwd', 'javascript:alert(1)', 'http://', 'api.flowglad.test', 'redis://cache:6379'])(
    'refuses the source URL %j',
    (url) => {
      expect(problems({ ...open, SOURCE_FLOWGLAD_URL: url })).toEqual([
        'SOURCE_FLOWGLAD_URL: must be an http(s) URL with a host, such as https://api.example.com.',
      ]);
    },
  );

  it('accepts http and https source URLs, with a port and a path', () => {
    for (const url of ['http://127.0.0.1:4010', 'https://api.flowglad.test/base']) expect(problems({ ...open, SOURCE_FLOWGLAD_URL: url })).toEqual([]);
  });

  it('names a misspelled source setting, with the one meant', () => {
    expect(problems({ ...open, SOURCE_FLOWGLAD_APIKEY: 'k' })).toEqual([
      'SOURCE_FLOWGLAD_APIKEY: is not a source setting; did you mean SOURCE_FLOWGLAD_API_KEY?',
    ]);
    expect(problems({ ...open, SOURCE_FLOWGLAD_TOKEN: 'k' })).toEqual([
      expect.stringMatching(
        /^SOURCE_FLOWGLAD_TOKEN: is not a setting of flowglad, a FLOWGLAD source \(it reads SOURCE_FLOWGLAD_URL, SOURCE_FLOWGLAD_API_KEY, /,
      ),
    ]);
  });

  it("names a setting that does not apply to the source's kind", () => {
    expect(problems({ ...open, SOURCE_FLOWGLAD_TENANT_ID: 't' })).toEqual([
      'SOURCE_FLOWGLAD_TENANT_ID: does not apply to flowglad, a FLOWGLAD source (it reads URL, API_KEY, KIND, RATE_LIMIT); unset it.',
    ]);
  });

  it('names a variable for a source SOURCES does not list', () => {
    expect(problems({ ...open, SOURCE_ACME_URL: 'https://acme.test' })).toEqual([
      'SOURCE_ACME_URL: names no source in SOURCES (flowglad); add the source to SOURCES, or unset SOURCE_ACME_URL.',
    ]);
  });

  it('leaves alone SOURCE_* variables that are no source setting of any kind, such as SOURCE_DATE_EPOCH', () => {
    expect(problems({ ...open, SOURCE_DATE_EPOCH: '1700000000' })).toEqual([]);
    expect(problems({ SOURCE_DATE_EPOCH: '1700000000' })).toEqual([]);
  });

  it("with the embedded default, reads each source's RATE_LIMIT and names any other source setting", () => {
    expect(problems({ SOURCE_FLEXPORTAL_RATE_LIMIT: '10/1s' })).toEqual([]);
    expect(problems({ SOURCE_FLOWGLAD_URL: 'https://api.flowglad.test', SOURCE_ACME_URL: 'https://acme.test' })).toEqual([
      expect.stringMatching(/^SOURCE_FLOWGLAD_URL: SOURCES is unset, so the embedded emulators serve flowglad/),
      expect.stringMatching(/^SOURCE_ACME_URL: names no source in SOURCES \(unset: the embedded flowglad, flexportal\)/),
    ]);
  });

  it('gives each variable to the source with the longest matching name', () => {
    const env = {
      SOURCES: 'flexportal,flexportal-us',
      ALLOW_UNAUTHENTICATED: 'true',
      ...Object.fromEntries(
        ['', 'US_'].flatMap((infix) => [
          [`SOURCE_FLEXPORTAL_${infix}URL`, 'https://flex.test'],
          [`SOURCE_FLEXPORTAL_${infix}API_KEY`, 'k'],
          [`SOURCE_FLEXPORTAL_${infix}TENANT_ID`, 't'],
        ]),
      ),
    };
    expect(problems(env)).toEqual([]);
    expect(problems({ ...env, SOURCE_FLEXPORTAL_US_TENANT: 't' })).toEqual([
      expect.stringMatching(/^SOURCE_FLEXPORTAL_US_TENANT: is not a setting of flexportal-us,/),
    ]);
  });

  it('names a wrong value, a wrong rate limit, a wrong source and the checks across variables in the same round', () => {
    expect(
      problems({
        PORT: 'abc',
        SOURCES: 'flowglad',
        SOURCE_FLOWGLAD_URL: 'ftp://x',
        SOURCE_FLOWGLAD_APIKEY: 'k',
        SOURCE_FLOWGLAD_RATE_LIMIT: 'lots',
        BACKEND_TIMEOUT_MS: '5000',
        WRITE_SETTLE_LIMIT_MS: '1000',
        MAX_BODY_BYTES: '8192',
        MAX_PENDING_BODY_BYTES: '4096',
      }),
    ).toEqual([
      'PORT: must be a whole number from 0 to 65535.',
      'SOURCE_FLOWGLAD_URL: must be an http(s) URL with a host, such as https://api.example.com.',
      'SOURCE_FLOWGLAD_API_KEY: is required.',
      'SOURCE_FLOWGLAD_APIKEY: is not a source setting; did you mean SOURCE_FLOWGLAD_API_KEY?',
      expect.stringMatching(/^SOURCE_FLOWGLAD_RATE_LIMIT: "lots" is not <count>\/<duration>/),
      expect.stringMatching(/^MAX_PENDING_BODY_BYTES: must be at least MAX_BODY_BYTES/),
      expect.stringMatching(/^WRITE_SETTLE_LIMIT_MS: must be at least BACKEND_TIMEOUT_MS \(5000\)/),
      expect.stringMatching(/^API_KEYS: with SOURCES set, callers must be authenticated/),
    ]);
  });

  it('leaves out a check across variables when one of them is wrong on its own', () => {
    expect(problems({ BACKEND_TIMEOUT_MS: 'soon', WRITE_SETTLE_LIMIT_MS: '20' })).toEqual(['BACKEND_TIMEOUT_MS: must be a whole number from 10 to 120000.']);
    expect(problems({ METRICS_PORT: 'x', METRICS_HOST: '0.0.0.0' })).toEqual(['METRICS_PORT: must be a whole number from 0 to 65535.']);
  });

  /** Every variable read through zod, with a value it must refuse. */
  const WRONG: Record<string, string> = {
    PORT: '-1',
    FLOWGLAD_EMULATOR_PORT: 'x',
    FLEXPORTAL_EMULATOR_PORT: '1.5',
    FLEXPORTAL_EMULATOR_RATE_LIMIT: '0',
    FLEXPORTAL_EMULATOR_RATE_WINDOW_MS: 'x',
    BACKEND_TIMEOUT_MS: 'x',
    BACKEND_DEADLINE_MS: 'x',
    BACKEND_RETRIES: '11',
    BACKEND_RETRY_BASE_MS: 'x',
    BREAKER_FAILURE_RATE: '1',
    BREAKER_WINDOW_MS: 'x',
    BREAKER_MIN_RPS: '0',
    BREAKER_HALF_OPEN_MS: 'x',
    BACKEND_CONNECTIONS: 'x',
    MAX_CONCURRENT_READS_PER_REQUEST: 'x',
    MAX_BODY_BYTES: 'x',
    MAX_MUTATIONS_PER_REQUEST: 'x',
    MAX_PENDING_BODY_BYTES: 'x',
    REQUEST_TIMEOUT_MS: 'x',
    MAX_CONNECTIONS: 'x',
    CORS_ORIGINS: '*',
    SHUTDOWN_DELAY_MS: 'x',
    SHUTDOWN_TIMEOUT_MS: 'x',
    LOG_LEVEL: 'loud',
    ALLOW_UNAUTHENTICATED: 'yes',
    AUTH_JWKS_URL: 'ftp://x',
    AUTH_JWKS_COOLDOWN_MS: 'x',
    WRITE_SETTLE_LIMIT_MS: 'x',
    REDIS_URL: 'x',
    LOCK_WAIT_MS: 'x',
    LOCK_TTL_MS: 'x',
    REPLICAS: 'x',
    METRICS_PORT: 'x',
    TRUSTED_DOCUMENTS_MODE: 'strict',
  };

  it("says every problem as a sentence naming its variable, never in zod's words", () => {
    const found = problems(WRONG);
    expect(found.map((line) => line.split(':')[0])).toEqual(expect.arrayContaining(Object.keys(WRONG)));
    for (const line of found) {
      expect(line).toMatch(/^[A-Z][A-Z0-9_]*: \S.*[.?]$/);
      expect(line).not.toMatch(/Invalid|Too (big|small)|expected|received/);
    }
  });
});

describe('trusted documents', () => {
  const MANIFESTS = 'test/generated/persisted-documents.json, examples/customer-editor/src/gql/persisted-documents.json';

  it('are off by default', () => {
    expect(loadConfig({}).trustedDocuments).toBeNull();
  });

  it("read every manifest listed, each document by its id, in the mode's terms", () => {
    const config = loadConfig({ TRUSTED_DOCUMENTS: MANIFESTS, TRUSTED_DOCUMENTS_MODE: 'only' });
    expect(config.trustedDocuments?.mode).toBe('only');
    // Ten test operations and the example's three.
    expect(config.trustedDocuments?.documents.size).toBe(13);
    for (const id of config.trustedDocuments!.documents.keys()) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(loadConfig({ TRUSTED_DOCUMENTS: MANIFESTS, TRUSTED_DOCUMENTS_MODE: 'allow' }).trustedDocuments?.mode).toBe('allow');
  });

  it('name each unusable manifest, and the variables that only go together, all at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const paths = [
      join(dir, 'missing.json'),
      write('broken.json', '{'),
      write('list.json', '["query { hello }"]'),
      write('empty.json', '{}'),
      write('edited.json', JSON.stringify({ 'sha256:0000000000000000000000000000000000000000000000000000000000000000': '{ hello }' })),
    ];
    const found = problems({ TRUSTED_DOCUMENTS: paths.join(','), TRUSTED_DOCUMENTS_MODE: 'only' });
    expect(found).toEqual([
      expect.stringMatching(/^TRUSTED_DOCUMENTS: .*missing\.json cannot be read \(ENOENT/),
      expect.stringMatching(/^TRUSTED_DOCUMENTS: .*broken\.json is not JSON \(/),
      expect.stringMatching(/^TRUSTED_DOCUMENTS: .*list\.json is not a persisted-documents manifest/),
      expect.stringMatching(/^TRUSTED_DOCUMENTS: .*empty\.json holds no documents\.$/),
      expect.stringMatching(/^TRUSTED_DOCUMENTS: .*edited\.json: 1 id\(s\) are not the sha256:<hex> of their document \(the first: "sha256:0{64}"\)/),
    ]);
    expect(problem({ TRUSTED_DOCUMENTS_MODE: 'only' })).toBe(
      'TRUSTED_DOCUMENTS_MODE: only needs the manifests in TRUSTED_DOCUMENTS (comma-separated paths of persisted-documents.json files).',
    );
    expect(problem({ TRUSTED_DOCUMENTS: MANIFESTS })).toBe(
      'TRUSTED_DOCUMENTS: applies only with TRUSTED_DOCUMENTS_MODE allow or only; set the mode, or unset TRUSTED_DOCUMENTS.',
    );
    expect(problem({ TRUSTED_DOCUMENTS: MANIFESTS, TRUSTED_DOCUMENTS_MODE: 'strict' })).toBe('TRUSTED_DOCUMENTS_MODE: must be one of off, allow, only.');
  });
});

describe('loadConfig: the request deadline', () => {
  it('answers every request within 15 s by default, and reads REQUEST_DEADLINE_MS', () => {
    expect(loadConfig({}).requestDeadlineMs).toBe(15_000);
    expect(loadConfig({ REQUEST_DEADLINE_MS: '3000' }).requestDeadlineMs).toBe(3000);
  });

  it('refuses a deadline too short to make a backend call in', () => {
    expect(() => loadConfig({ REQUEST_DEADLINE_MS: '50' })).toThrow(/^REQUEST_DEADLINE_MS: must be a whole number from 100 to 600000/);
  });
});
