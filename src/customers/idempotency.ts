// Idempotency keys for updates: the first completed answer for (caller, key) is kept and replayed
// to a retry with the same input, without a backend call; another input with the key is refused.
// Where answers are kept is part of the coordination port (IdempotencyStore): its adapters
// (src/coordination/) keep them in process or in Redis.
import { createHash } from 'node:crypto';
import { BackendError } from './backend.js';
import { CoordinationError, type IdempotencyStore } from './coordination.js';
import type { CustomerKey } from './global-id.js';
import type { Customer } from './model.js';
import type { CustomerPatch } from './plan.js';
import { inSpan } from './tracing.js';
import type { UpdateResult } from './update.js';
import { userError } from './user-error.js';

/** An update's answer, and whether it is the kept answer of an earlier request with its idempotency key. */
export type UpdateAnswer = UpdateResult & { replayed: boolean };

/**
 * The largest answer kept (its JSON, in bytes): a customer record and its changes take a few
 * kilobytes. A larger one (a backend's record with huge custom fields) is not kept: its key counts
 * as unresolved, and a retry reads back instead.
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** A claim outlives its request's deadline by this, for the answer to be kept after it. */
const CLAIM_SLACK_MS = 5000;
/** A retry stops waiting for the first request this long before its own deadline, to answer in time. */
const ANSWER_MARGIN_MS = 100;

/**
 * A key's id in the store: the caller's identity (`Caller.key`: a digest of its API key, or of its
 * token's issuer and `sub`; every open caller is one caller) and the key, hashed together, so that
 * one caller never finds another's answer, and no key or identity is stored as given.
 */
export function keyId(caller: string | null, key: string): string {
  return createHash('sha256')
    .update(`${caller ?? 'open'}\u0000${key}`)
    .digest('base64url');
}

/**
 * "The same input": a digest of the customer (as its ID decodes: two spellings of one ID are one
 * customer) and every field of the input as validated and normalized (trimmed, phone numbers in
 * E.164, countries as codes), with object keys sorted and fields left out dropped (a null is
 * kept: it clears). The idempotency key itself, `clientMutationId` (only echoed) and which
 * payload fields are selected are not part of it. (A dry run records no key.)
 */
export function fingerprint(ref: CustomerKey, patch: CustomerPatch, expectedUpdatedAt: Date | null): string {
  const input = { customer: [ref.source, ref.externalId], patch, expectedUpdatedAt };
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('base64url');
}

/** A JSON value with object keys sorted and undefined fields dropped; a Date as its ISO string. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, field]) => [name, canonical(field)]),
  );
}

export interface KeyedUpdate {
  store: IdempotencyStore;
  /** The caller's identity (`Caller.key`); null for an open caller. */
  caller: string | null;
  key: string;
  fingerprint: string;
  /** The request's deadline (epoch ms). */
  deadlineAt: number;
}

/**
 * Answers an update once per key: replays a kept answer, refuses another input, or runs the
 * update (`run`, told whether an earlier request with the key may have written) and keeps its
 * answer when its outcome is known.
 */
export async function answerOnce(keyed: KeyedUpdate, run: (afterUnknown: boolean) => Promise<UpdateResult>): Promise<UpdateAnswer> {
  const { store, caller, key, deadlineAt } = keyed;
  const begun = await inSpan('customer.update.idempotency', {}, async (span) => {
    const found = await store.begin(keyId(caller, key), keyed.fingerprint, deadlineAt + CLAIM_SLACK_MS, deadlineAt - ANSWER_MARGIN_MS);
    span.setAttribute('customer_graph.idempotency.found', found.kind === 'claimed' && found.afterUnknown ? 'unknown' : found.kind);
    return found;
  });
  if (begun.kind === 'kept') return { ...decodeAnswer(begun.answer), replayed: true };
  if (begun.kind === 'reused') return { customer: null, changes: [], userErrors: [reused()], replayed: false };
  const { claim } = begun;
  let result: UpdateResult;
  try {
    result = await run(begun.afterUnknown);
  } catch (error) {
    await (wroteNothing(error) ? claim.release() : claim.unresolved());
    throw error;
  }
  const answer = encodeAnswer(result);
  await (outcomeKnown(result) && Buffer.byteLength(answer) <= MAX_ANSWER_BYTES ? claim.keep(answer) : claim.unresolved());
  return { ...result, replayed: false };
}

function reused() {
  return userError(
    ['idempotencyKey'],
    'IDEMPOTENCY_KEY_REUSED',
    'idempotencyKey was already used with another input (another customer, field or value); nothing was written. Use a new key for a new update.',
  );
}

/**
 * A failure that provably wrote nothing: a coordination refusal (no write is sent without the
 * lock), or an outcome of NOT_WRITTEN. Anything else may have written.
 */
function wroteNothing(error: unknown): boolean {
  return error instanceof CoordinationError || (error instanceof BackendError && error.outcome === 'NOT_WRITTEN');
}

/**
 * Whether an answer says what happened. BACKEND_FAILED does not: a part failed at the backend
 * (perhaps applied), and retrying is the way to finish it; that retry then reads back first.
 */
function outcomeKnown(result: UpdateResult): boolean {
  return result.userErrors.every((error) => error.code !== 'BACKEND_FAILED');
}

function encodeAnswer(result: UpdateResult): string {
  const { customer, changes, userErrors } = result;
  return JSON.stringify({ customer, changes, userErrors });
}

/** An answer as JSON keeps it: the customer's dates as ISO strings. */
type EncodedAnswer = Omit<UpdateResult, 'customer'> & {
  customer: (Omit<Customer, 'createdAt' | 'updatedAt'> & { createdAt: string | null; updatedAt: string | null }) | null;
};

function decodeAnswer(answer: string): UpdateResult {
  const { customer, changes, userErrors } = JSON.parse(answer) as EncodedAnswer;
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return { customer: customer && { ...customer, createdAt: date(customer.createdAt), updatedAt: date(customer.updatedAt) }, changes, userErrors };
}
