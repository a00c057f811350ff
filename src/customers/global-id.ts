// Global IDs: opaque, URL-safe base64 of "<typename>:<local id>". A customer's local id is its
// source name and the backend's own key, "<source>:<key>". IDs never change for a customer.
import { externalIdProblem } from './backend.js';

/** A customer as the domain names it: which source, and the backend's own key there. */
export interface CustomerKey {
  source: string;
  externalId: string;
}

export function encodeGlobalId(typename: string, localId: string): string {
  return Buffer.from(`${typename}:${localId}`, 'utf8').toString('base64url');
}

/** The typename and local id of a global ID, or null when it is not one. */
export function decodeGlobalId(id: string): { typename: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { typename: decoded.slice(0, colon), id: decoded.slice(colon + 1) } : null;
}

/** A customer's local id within its global ID. */
export const customerLocalId = ({ source, externalId }: CustomerKey): string => `${source}:${externalId}`;

export function encodeCustomerId(key: CustomerKey): string {
  return encodeGlobalId('Customer', customerLocalId(key));
}

/** A customer's key from its local id, or what is wrong with it. The source is not checked here. */
export function customerKeyOf(localId: string): CustomerKey | { problem: string } {
  const colon = localId.indexOf(':');
  if (colon <= 0) return { problem: 'is not a customer ID.' };
  const key = { source: localId.slice(0, colon), externalId: localId.slice(colon + 1) };
  const problem = externalIdProblem(key.externalId);
  return problem ? { problem: `holds an unusable backend key: it ${problem}.` } : key;
}

/** Decodes a customer ID, or says what is wrong with it. The source is not checked here. */
export function decodeCustomerId(id: string): CustomerKey | { problem: string } {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(id)) return { problem: 'is not a customer ID (expected a URL-safe base64 string).' };
  const global = decodeGlobalId(id);
  if (global?.typename !== 'Customer') return { problem: 'is not a customer ID.' };
  return customerKeyOf(global.id);
}
