import { describe, expect, it } from 'vitest';
import { apiKeyCheck, bearerCredential } from './credentials.js';

describe('bearerCredential', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
  ])('reads %j as %j', (header, credential) => {
    expect(bearerCredential(header)).toBe(credential);
  });

  it.each([undefined, null, '', 'abc', 'Basic abc', 'Bearer', 'Bearer a b', 'Bearerabc'])('finds no credential in %j', (header) => {
    expect(bearerCredential(header)).toBeUndefined();
  });
});

describe('apiKeyCheck', () => {
  it('accepts exactly the configured keys, whatever their lengths', () => {
    const isApiKey = apiKeyCheck(['short', 'a-much-longer-key-than-the-other']);
    expect(isApiKey('short')).toBe(true);
    expect(isApiKey('a-much-longer-key-than-the-other')).toBe(true);
    expect(isApiKey('shor')).toBe(false);
    expect(isApiKey('short ')).toBe(false);
    expect(isApiKey('')).toBe(false);
  });

  it('accepts nothing when no key is configured', () => {
    expect(apiKeyCheck([])('anything')).toBe(false);
  });
});
