// Customer IDs: opaque, URL-safe, encoding the source name and the backend's own key.
import { externalIdProblem } from './backend.js';

export interface CustomerRef {
  source: string;
  externalId: string;
}

const PREFIX = 'Customer:';

export function encodeCustomerId({ source, externalId }: CustomerRef): string {
  return Buffer.from(`${PREFIX}${source}:${externalId}`, 'utf8').toString('base64url');
}

/** Decodes an ID, or says what is wrong with it. The source is not checked here. */
export function decodeCustomerId(id: string): CustomerRef | { problem: string } {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(id)) return { problem: 'is not a customer ID (expected a URL-safe base64 string).' };
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return { problem: 'is not a customer ID.' };
  const rest = decoded.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return { problem: 'is not a customer ID.' };
  const ref = { source: rest.slice(0, colon), externalId: rest.slice(colon + 1) };
  const problem = externalIdProblem(ref.externalId);
  return problem ? { problem: `holds an unusable backend key: it ${problem}.` } : ref;
}
