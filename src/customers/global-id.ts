// The one reading of a customer reference: a global ID, the local id inside one, or a source and
// the backend's own key. Access rules, the service, `_entities` and `node` all read references
// here, so the source a rule checks is always the source the service calls; a reference that
// does not read is refused, never allowed (there is no "unknown source" for a rule to let pass).
//
// Global IDs: opaque, URL-safe base64 of "<typename>:<local id>". A customer's local id is its
// source name and the backend's own key, "<source>:<key>". IDs never change for a customer.
import { externalIdProblem } from './backend.js';
import { InvalidReferenceError } from './errors.js';
import { LIMITS, cleanText } from './validation.js';

/** A customer as the domain names it: which source, and the backend's own key there. */
export interface CustomerKey {
  source: string;
  externalId: string;
}

/** Why a reference does not read, as a sentence that starts with the argument holding it. */
export interface ReferenceProblem {
  argument: string;
  problem: string;
}

export type Reading<T> = T | ReferenceProblem;

export function encodeGlobalId(typename: string, localId: string): string {
  return Buffer.from(`${typename}:${localId}`, 'utf8').toString('base64url');
}

/** A customer's local id within its global ID. */
export const customerLocalId = ({ source, externalId }: CustomerKey): string => `${source}:${externalId}`;

export function encodeCustomerId(key: CustomerKey): string {
  return encodeGlobalId('Customer', customerLocalId(key));
}

const problem = (argument: string, what: string): ReferenceProblem => ({ argument, problem: `${argument} ${what}` });

/** An argument's text after the cleaning every input gets (validation.ts), or what is wrong with it. */
function cleaned(value: unknown, max: number, argument: string): Reading<{ text: string }> {
  if (typeof value !== 'string') return problem(argument, 'must be a string.');
  const result = cleanText(value, max);
  return 'problem' in result ? problem(argument, result.problem.message) : result;
}

/**
 * The key a local id ("<source>:<key>", as inside a global ID) names. The source is not checked
 * against the configuration here: that is the service's to do, after the access rules.
 */
export function readLocalId(localId: string, argument: string): Reading<CustomerKey> {
  const colon = localId.indexOf(':');
  if (colon <= 0) return problem(argument, 'is not a customer ID.');
  const key = { source: localId.slice(0, colon), externalId: localId.slice(colon + 1) };
  const keyProblem = externalIdProblem(key.externalId);
  return keyProblem ? problem(argument, `holds an unusable backend key: it ${keyProblem}.`) : key;
}

/** The key a global customer ID names, after cleaning (white space and invisible characters around it, zero-width ones inside). */
export function readCustomerId(id: unknown, argument: string): Reading<CustomerKey> {
  const text = cleaned(id, LIMITS.id, argument);
  if ('problem' in text) return text;
  if (!/^[A-Za-z0-9_-]+$/.test(text.text)) return problem(argument, 'is not a customer ID (expected a URL-safe base64 string).');
  const decoded = Buffer.from(text.text, 'base64url').toString('utf8');
  if (!decoded.startsWith('Customer:')) return problem(argument, 'is not a customer ID.');
  return readLocalId(decoded.slice('Customer:'.length), argument);
}

/** A source name as given in a `source` argument, cleaned. */
export function readSource(source: unknown, argument = 'source'): Reading<{ source: string }> {
  const text = cleaned(source, LIMITS.source, argument);
  return 'problem' in text ? text : { source: text.text };
}

/** The key a source and a backend key (`customerByExternalId`) name, both cleaned. */
export function readExternalId(source: unknown, externalId: unknown): Reading<CustomerKey> {
  const named = readSource(source);
  if ('problem' in named) return named;
  const key = cleaned(externalId, LIMITS.key, 'externalId');
  if ('problem' in key) return key;
  const keyProblem = externalIdProblem(key.text);
  return keyProblem ? problem('externalId', `${keyProblem}.`) : { source: named.source, externalId: key.text };
}

/** A reading's value, or its problem thrown as BAD_USER_INPUT naming the argument. */
export function readOrRefuse<T extends object>(reading: Reading<T>): T {
  if ('problem' in reading) throw new InvalidReferenceError(reading.problem, reading.argument);
  return reading;
}
