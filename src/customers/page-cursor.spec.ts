import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor, type PageCursor } from './page-cursor.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('page cursors', () => {
  it.each<PageCursor>([
    { page: null, skip: 0 },
    { page: null, skip: 100 },
    { page: 'cus_123', skip: 7 },
    { page: 'eyJzdGFydEFmdGVyIjoiY3VzXzk5In0=', skip: 1 },
    { page: 'ümlaut / slash ? & =', skip: 50 },
  ])('round-trips %j as an opaque URL-safe string', (cursor) => {
    const encoded = encodePageCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain(String(cursor.page));
    expect(decodePageCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', '!!!'],
    ['not JSON', b64('cus_123')],
    ['a JSON object', b64('{"page":null,"skip":0}')],
    ['a JSON string', b64('"cus_123"')],
    ['JSON null', b64('null')],
    ['one element', b64('[null]')],
    ['three elements', b64('[null,0,1]')],
    ['a numeric page', b64('[12,0]')],
    ['a missing skip', b64('["cus_1",null]')],
    ['a string skip', b64('["cus_1","3"]')],
    ['a fractional skip', b64('["cus_1",1.5]')],
    ['a negative skip', b64('["cus_1",-1]')],
    ['a skip above a page of 100', b64('["cus_1",101]')],
    ['truncated', encodePageCursor({ page: 'cus_123', skip: 3 }).slice(0, -3)],
  ])('refuses %s as null', (_, value) => {
    expect(decodePageCursor(value)).toBeNull();
  });
});
