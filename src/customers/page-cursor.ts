// Relay cursors over backend paging. Backends hand out one cursor per page, so an edge's
// cursor is "the page it came from, and how many items of that page come before the next";
// it also names the filter its page was listed with, since a backend's cursor means nothing
// under another filter.
export interface PageCursor {
  /** The backend cursor the page was fetched with (null: the first page). */
  page: string | null;
  /** Items of that page to skip. */
  skip: number;
  /** The filter the page was listed with, as `filterKey` gives it ("" for none). */
  filter: string;
}

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.page, cursor.skip, cursor.filter]), 'utf8').toString('base64url');
}

export function decodePageCursor(value: string): PageCursor | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 3) return null;
    const [page, skip, filter]: unknown[] = decoded;
    if ((page !== null && typeof page !== 'string') || typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0 || skip > 100) {
      return null;
    }
    if (typeof filter !== 'string') return null;
    return { page, skip, filter };
  } catch {
    return null;
  }
}

/** One string per filter: its set conditions in a fixed order ("" when nothing is filtered). */
export function filterKey(filter: Record<string, string | null | undefined>): string {
  const set = Object.entries(filter)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return set.length === 0 ? '' : JSON.stringify(set);
}
