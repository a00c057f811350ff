import { describe, expect, it } from 'vitest';
import { decodeCustomerId, encodeCustomerId, type CustomerKey } from './global-id.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('customer IDs', () => {
  it.each<CustomerKey>([
    { source: 'flowglad', externalId: 'cus_1' },
    { source: 'flexportal-us', externalId: 'a:b:c' },
    { source: 'flexportal', externalId: 'kund ö ? & = # %' },
    { source: 'flowglad', externalId: 'x'.repeat(255) },
  ])('round-trips %j through an opaque URL-safe string', (ref) => {
    const id = encodeCustomerId(ref);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id).not.toContain(ref.source);
    expect(decodeCustomerId(id)).toEqual(ref);
  });

  it('keeps the documented encoding, so IDs stay stable across releases', () => {
    expect(encodeCustomerId({ source: 'flowglad', externalId: 'cus_1' })).toBe(b64('Customer:flowglad:cus_1'));
  });

  it('gives different sources with the same key different IDs', () => {
    expect(encodeCustomerId({ source: 'flexportal', externalId: 'c1' })).not.toBe(encodeCustomerId({ source: 'flexportal-us', externalId: 'c1' }));
  });

  it.each([
    ['empty', ''],
    ['standard base64 characters', `${b64('Customer:flowglad:cus_1').slice(0, 8)}+/=`],
    ['longer than 1000 characters', 'A'.repeat(1001)],
    ['whitespace', ' Q3VzdG9tZXI6'],
  ])('refuses %s as not URL-safe base64', (_, id) => {
    expect(decodeCustomerId(id)).toEqual({ problem: 'is not a customer ID (expected a URL-safe base64 string).' });
  });

  it.each([
    ['plain text', 'cus_1'],
    ['another type', b64('Order:flowglad:cus_1')],
    ['a lower-case type', b64('customer:flowglad:cus_1')],
    ['no key', b64('Customer:flowglad')],
    ['no source', b64('Customer::cus_1')],
    ['the prefix alone', b64('Customer:')],
  ])('refuses %s (a foreign ID) as not a customer ID', (_, id) => {
    expect(decodeCustomerId(id)).toEqual({ problem: 'is not a customer ID.' });
  });

  it.each([
    ['""', 'must not be empty', ''],
    ['a/b', 'must not contain slashes', 'a/b'],
    ['a\\b', 'must not contain slashes', 'a\\b'],
    ['..', 'must not contain ".."', '..'],
    ['a NUL b', 'must not contain control characters', 'a\u0000b'],
    ['of 256 characters', 'must be at most 255 characters', 'x'.repeat(256)],
  ])('refuses the backend key %s: it %s', (_, problem, externalId) => {
    expect(decodeCustomerId(b64(`Customer:flowglad:${externalId}`))).toEqual({ problem: `holds an unusable backend key: it ${problem}.` });
  });
});
