import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig: limits at the edge and CORS', () => {
  it('defaults to 64 MB of bodies arriving at once, 10 s per request, 1024 connections and no cross-origin access', () => {
    expect(loadConfig({})).toMatchObject({
      maxPendingBodyBytes: 67_108_864,
      requestTimeoutMs: 10_000,
      maxConnections: 1024,
      corsOrigins: [],
    });
  });

  it('reads the variables', () => {
    const config = loadConfig({
      MAX_PENDING_BODY_BYTES: '2097152',
      REQUEST_TIMEOUT_MS: '1500',
      MAX_CONNECTIONS: '50',
      CORS_ORIGINS: ' https://app.example.com ,http://localhost:3000,',
    });
    expect(config).toMatchObject({
      maxPendingBodyBytes: 2_097_152,
      requestTimeoutMs: 1500,
      maxConnections: 50,
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
      'REQUEST_TIMEOUT_MS: Invalid input: expected number, received NaN',
      'MAX_CONNECTIONS: Too small: expected number to be >=1',
      'MAX_PENDING_BODY_BYTES: must be at least MAX_BODY_BYTES, or a body of the largest allowed size could never be read',
    ]);
  });
});
