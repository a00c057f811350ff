// Access configuration: API keys and the AUTH_* variables, checked together.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const JWT = { AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json', AUTH_ISSUER: 'https://id.example.com/', AUTH_AUDIENCE: 'customer-graph' };

const problem = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('loadConfig accepted the configuration');
};

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
