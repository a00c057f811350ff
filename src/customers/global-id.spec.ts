import { describe, expect, it } from 'vitest';
import { encodeCustomerId, readCustomerId, readExternalId, type CustomerKey } from './global-id.js';

/** The reading of an ID given as argument `id`. */
const decodeCustomerId = (id: unknown) => readCustomerId(id, 'id');

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
    ['standard base64 characters', `${b64('Customer:flowglad:cus_1').slice(0, 8)}+/=`],
    ['white space inside', 'Q3VzdG9t ZXI6'],
  ])('refuses %s as not URL-safe base64', (_, id) => {
    expect(decodeCustomerId(id)).toEqual({ argument: 'id', problem: 'id is not a customer ID (expected a URL-safe base64 string).' });
  });

  it.each([
    ['plain text', 'cus_1'],
    ['another type', b64('Order:flowglad:cus_1')],
    ['a lower-case type', b64('customer:flowglad:cus_1')],
    ['no key', b64('Customer:flowglad')],
    ['no source', b64('Customer::cus_1')],
    ['the prefix alone', b64('Customer:')],
  ])('refuses %s (a foreign ID) as not a customer ID', (_, id) => {
    expect(decodeCustomerId(id)).toEqual({ argument: 'id', problem: 'id is not a customer ID.' });
  });

  it.each([
    ['""', 'must not be empty', ''],
    ['a/b', 'must not contain slashes', 'a/b'],
    ['a\\b', 'must not contain slashes', 'a\\b'],
    ['..', 'must not contain ".."', '..'],
    ['a NUL b', 'must not contain control characters', 'a\u0000b'],
    ['of 256 characters', 'must be at most 255 characters', 'x'.repeat(256)],
  ])('refuses the backend key %s: it %s', (_, problem, externalId) => {
    expect(decodeCustomerId(b64(`Customer:flowglad:${externalId}`))).toEqual({ argument: 'id', problem: `id holds an unusable backend key: it ${problem}.` });
  });
});

describe('reading a reference', () => {
  const id = encodeCustomerId({ source: 'flexportal', externalId: 'cus_1001' });

  it.each([
    ['a leading space', ` ${id}`],
    ['a leading no-break space', `\u00a0${id}`],
    ['a leading byte order mark', `\ufeff${id}`],
    ['a zero-width space inside', `${id.slice(0, 4)}\u200b${id.slice(4)}`],
    ['a word joiner inside', `${id.slice(0, 4)}\u2060${id.slice(4)}`],
    ['a trailing left-to-right mark', `${id}\u200e`],
    ['a trailing newline-free ideographic space', `${id}\u3000`],
  ])('reads an ID with %s as the customer it names once cleaned', (_, variant) => {
    expect(readCustomerId(variant, 'id')).toEqual({ source: 'flexportal', externalId: 'cus_1001' });
  });

  it.each([
    ['empty', '', 'id must not be empty.'],
    ['invisible only', '\u200b\ufeff', 'id must not be empty.'],
    ['longer than 1000 characters', 'A'.repeat(1001), 'id must be at most 1000 characters long.'],
    ['with a control character', `${id}\n`, 'id must not contain control characters.'],
    ['not a string', 42, 'id must be a string.'],
  ])('refuses an ID that is %s, naming the argument', (_, value, problem) => {
    expect(readCustomerId(value, 'input.id')).toEqual({ argument: 'input.id', problem: problem.replace(/^id/, 'input.id') });
  });

  it('reads a source and a backend key cleaned, and names the one that is wrong', () => {
    expect(readExternalId(' flowglad\u200e', '\ufeffacme-corp')).toEqual({ source: 'flowglad', externalId: 'acme-corp' });
    expect(readExternalId('flowglad', '../x')).toEqual({ argument: 'externalId', problem: 'externalId must not contain slashes.' });
    expect(readExternalId('\u200b', 'x')).toEqual({ argument: 'source', problem: 'source must not be empty.' });
  });
});
