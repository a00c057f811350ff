// Configuration: access (API keys and the AUTH_* variables, checked together), rate limits,
// coordination, and the limits at the edge.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, longestLockHoldMs, parseRateLimit } from './config.js';

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
    const config = loadConfig({ API_KEYS: ' key-one, ,key-two ', ...JWT, AUTH_JWKS_COOLDOWN_MS: '500' });
    expect(config.apiKeys).toEqual(['key-one', 'key-two']);
    expect(config.jwt).toEqual({ jwksUrl: new URL(JWT.AUTH_JWKS_URL), issuer: JWT.AUTH_ISSUER, audience: JWT.AUTH_AUDIENCE, jwksCooldownMs: 500 });
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

  it('defaults to 64 MB of bodies arriving at once (16 MB per client), 10 s per request, 3 s of silence per body, 1024 connections idle 5 s at most, and no cross-origin access', () => {
    expect(loadConfig({})).toMatchObject({
      maxPendingBodyBytes: 67_108_864,
      maxPendingBodyBytesPerClient: 16_777_216,
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
      'CORS_ORIGINS: "*" is not an origin such as https://app.example.com',
      'CORS_ORIGINS: "null" is not an origin such as https://app.example.com',
      'CORS_ORIGINS: "https://app.example.com/" is not an exact origin: write it as https://app.example.com',
      'CORS_ORIGINS: "https://App.example.com" is not an exact origin: write it as https://app.example.com',
    ]);
  });

  it('refuses a MAX_PENDING_BODY_BYTES below MAX_BODY_BYTES, along with every other problem', () => {
    expect(problems({ MAX_PENDING_BODY_BYTES: '4096', MAX_BODY_BYTES: '8192', MAX_CONNECTIONS: '0', REQUEST_TIMEOUT_MS: 'soon' })).toEqual([
      'REQUEST_TIMEOUT_MS: must be a whole number from 100 to 600000',
      'MAX_CONNECTIONS: must be a whole number from 1 to 1000000',
      'MAX_PENDING_BODY_BYTES: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read',
    ]);
    expect(problems({ MAX_PENDING_BODY_BYTES_PER_CLIENT: '4096', MAX_BODY_BYTES: '8192' })).toEqual([
      'MAX_PENDING_BODY_BYTES_PER_CLIENT: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read',
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
    expect(problems({ METRICS_PORT: '70000', METRICS_HOST: 'x' })).toEqual([expect.stringMatching(/^METRICS_PORT: Too big/)]);
    expect(problems({ METRICS_PORT: '4000', PORT: '4000' })).toEqual([expect.stringMatching(/^METRICS_PORT: must differ from PORT \(4000\)/)]);
    expect(problems({ METRICS_HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^METRICS_HOST: only applies with METRICS_PORT/)]);
  });
});
