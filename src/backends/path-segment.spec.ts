import { describe, expect, it } from 'vitest';
import { externalIdProblem } from '../customers/backend.js';
import { pathSegment } from './http.js';

describe('externalIdProblem: backend keys that may not go into a URL path', () => {
  it.each([
    ['.', 'must not be "." or anything else URL resolution would change'],
    ['..', 'must not contain ".."'],
    ['../../x', 'must not contain slashes'],
    ['a/b', 'must not contain slashes'],
    ['a\\b', 'must not contain slashes'],
    ['x..', 'must not contain ".."'],
    ['', 'must not be empty'],
    ['x'.repeat(256), 'must be at most 255 characters'],
    ['cus\n1', 'must not contain control characters'],
    ['cus\u0085', 'must not contain control characters'],
    ['cus\u202e1', 'must not contain bidirectional control characters (they reorder what people see)'],
    ['cus\ud800', 'must be valid Unicode text (it holds a lone surrogate)'],
  ])('refuses %j', (key, problem) => {
    expect(externalIdProblem(key)).toBe(problem);
    expect(() => pathSegment(key)).toThrow(problem);
  });

  it.each([
    ['cus_1001', 'cus_1001'],
    ['acme-corp', 'acme-corp'],
    ['.hidden', '.hidden'],
    ['a.b', 'a.b'],
    ['%2e', '%252e'],
    ['%2e%2e', '%252e%252e'],
    ['a b?c#d', 'a%20b%3Fc%23d'],
    ['Zoë', 'Zo%C3%AB'],
    ['x'.repeat(255), 'x'.repeat(255)],
  ])('accepts %j as one path segment %j', (key, segment) => {
    expect(externalIdProblem(key)).toBeNull();
    expect(pathSegment(key)).toBe(segment);
    // The segment survives URL resolution unchanged, so the request names exactly this key.
    expect(new URL(`/api/v1/customers/${segment}`, 'http://backend.invalid').pathname).toBe(`/api/v1/customers/${segment}`);
  });
});
