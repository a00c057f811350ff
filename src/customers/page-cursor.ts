// Relay cursors over backend paging. Backends hand out one cursor per page, so an edge's
// cursor is "the page it came from, and how many items of that page come before the next".
export interface PageCursor {
  /** The backend cursor the page was fetched with (null: the first page). */
  page: string | null;
  /** Items of that page to skip. */
  skip: number;
}

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.page, cursor.skip]), 'utf8').toString('base64url');
}

export function decodePageCursor(value: string): PageCursor | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [page, skip]: unknown[] = decoded;
    if ((page !== null && typeof page !== 'string') || typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0 || skip > 100) {
      return null;
    }
    return { page, skip };
  } catch {
    return null;
  }
}
