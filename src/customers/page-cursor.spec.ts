import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor, filterKey, type PageCursor } from './page-cursor.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('page cursors', () => {
  it.each<PageCursor>([
    { page: null, skip: 0, filter: '' },
    { page: null, skip: 100, filter: '' },
    { page: 'cus_123', skip: 7, filter: '' },
    { page: 'eyJzdGFydEFmdGVyIjoiY3VzXzk5In0=', skip: 1, filter: '' },
    { page: 'ümlaut / slash ? & =', skip: 50, filter: '' },
    { page: 'cus_123', skip: 2, filter: filterKey({ status: 'ACTIVE', email: 'a@example.com' }) },
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
    ['two elements (no filter)', b64('[null,0]')],
    ['a numeric filter', b64('[null,0,1]')],
    ['four elements', b64('[null,0,"",""]')],
    ['a numeric page', b64('[12,0,""]')],
    ['a missing skip', b64('["cus_1",null,""]')],
    ['a string skip', b64('["cus_1","3",""]')],
    ['a fractional skip', b64('["cus_1",1.5,""]')],
    ['a negative skip', b64('["cus_1",-1,""]')],
    ['a skip above a page of 100', b64('["cus_1",101,""]')],
    ['truncated', encodePageCursor({ page: 'cus_123', skip: 3, filter: '' }).slice(0, -3)],
  ])('refuses %s as null', (_, value) => {
    expect(decodePageCursor(value)).toBeNull();
  });
});

describe('filterKey', () => {
  it('is empty when nothing is filtered', () => {
    expect(filterKey({})).toBe('');
    expect(filterKey({ email: null, status: undefined })).toBe('');
  });

  it('does not depend on the order conditions are given in', () => {
    expect(filterKey({ status: 'ACTIVE', email: 'a@example.com' })).toBe(filterKey({ email: 'a@example.com', status: 'ACTIVE' }));
  });

  it('tells different filters apart', () => {
    expect(filterKey({ status: 'ACTIVE' })).not.toBe(filterKey({ status: 'INACTIVE' }));
    expect(filterKey({ status: 'ACTIVE' })).not.toBe(filterKey({ customerType: 'ACTIVE' }));
  });
});
