// The domain's port to coordination: per-customer locks that serialize updates (across replicas
// when a shared store is configured), per-source request budgets, each caller's share of them,
// the feed that carries live updates to every replica, and the answers kept for idempotency keys.
// Adapters (src/coordination/) implement it; main.ts wires one in.
import type { ChangeFeed } from './changes.js';

/** One customer's lock, held by this update. */
export interface HeldLock {
  /**
   * Proves the lock is still held, and extends it, right before a write attempt is sent; rejects
   * with CoordinationError (COORDINATION_UNAVAILABLE) when it cannot, and the attempt is not sent.
   */
  confirm(): Promise<void>;
  /** Gives the lock up. Never rejects: a lease that cannot be deleted expires by itself. */
  release(): Promise<void>;
}

/** Stands in for a lock where nothing is written (a dry run). */
export const UNLOCKED: HeldLock = { confirm: () => Promise.resolve(), release: () => Promise.resolve() };

export interface CustomerLocks {
  /**
   * Takes the lock named `key`, waiting while someone else holds it: at most LOCK_WAIT_MS, and
   * never past `deadlineAt` (epoch ms, the request's deadline; none when left out). Throws
   * CoordinationError: CUSTOMER_BUSY when the wait runs out, COORDINATION_UNAVAILABLE when the
   * shared store cannot be reached.
   */
  acquire(key: string, deadlineAt?: number): Promise<HeldLock>;
}

/** At most `count` requests in any `durationMs` window. */
export interface RateLimit {
  count: number;
  durationMs: number;
}

/** A source's request budget: every backend request (attempt) takes one turn. */
export interface RateBudget {
  /**
   * Waits for a turn, but only for one that comes by `latestStartAt` (epoch ms). Resolves null
   * once the request may go, or, when no turn comes in time, the milliseconds until one may.
   */
  take(latestStartAt: number): Promise<number | null>;
}

/** A budget that never waits: for sources without a rate limit. */
export const UNLIMITED: RateBudget = { take: () => Promise.resolve(null) };

/**
 * Each identified caller's share of every source's budget, so that one caller's burst cannot use
 * up a budget that others then wait on. The domain takes a turn where a caller's request starts
 * backend work (a read, a list, an update), never for the follow-up calls of work under way.
 */
export interface CallerShares {
  /** Takes one of `caller`'s turns on `source` without waiting: null when taken, else the milliseconds until its next turn. */
  take(source: string, caller: string): Promise<number | null>;
}

/** No shares: every caller may use a whole budget. */
export const NO_SHARES: CallerShares = { take: () => Promise.resolve(null) };

/** The shared coordination store's (Redis's) state, for /ready. */
export interface CoordinationHealth {
  state: 'up' | 'down';
  /** When it entered that state (ISO 8601). */
  since: string;
  /** Why it is down, when it is. */
  error?: string;
}

/** What `IdempotencyStore.begin` found for a key. */
export type KeyBegun =
  /** An answer kept for the same input: replay it. */
  | { kind: 'kept'; answer: string }
  /** The key was used with another input. */
  | { kind: 'reused' }
  /**
   * This request runs the update and must end its claim. `afterUnknown`: an earlier request with
   * the key may have written (its outcome is unknown).
   */
  | { kind: 'claimed'; afterUnknown: boolean; claim: KeyClaim };

/** A running request's hold on its key. Its methods never reject: a claim not ended lapses at its `claimUntil`. */
export interface KeyClaim {
  /** Keeps `answer` for the store's TTL, to be replayed; ends the claim. */
  keep(answer: string): Promise<void>;
  /** The outcome is unknown: the key is remembered so for the TTL, and the next request with it reads back first; ends the claim. */
  unresolved(): Promise<void>;
  /** Nothing was written: ends the claim, leaving the key as this request found it. */
  release(): Promise<void>;
}

/**
 * The answers kept for idempotency keys, by key id (src/customers/idempotency.ts), each with the
 * fingerprint of its input, for the store's TTL (IDEMPOTENCY_TTL).
 */
export interface IdempotencyStore {
  /**
   * Claims the key for a request whose input has `fingerprint`, unless an earlier request left an
   * answer (`kept`) or used the key with another input (`reused`). While another request with
   * the same input holds the claim, waits for it to end, but not past `waitUntil` (epoch ms): then
   * CoordinationError CUSTOMER_BUSY (`keyBusy`). A claim not ended by `claimUntil` (epoch ms; its
   * process died) lapses, and the key then counts as having an unknown outcome. Throws
   * CoordinationError COORDINATION_UNAVAILABLE when the store cannot be reached.
   */
  begin(id: string, fingerprint: string, claimUntil: number, waitUntil: number): Promise<KeyBegun>;
}

export interface Coordination {
  readonly locks: CustomerLocks;
  /** Announcements of changed customers, heard by every replica sharing this coordination. */
  readonly changes: ChangeFeed;
  /** The answers kept for idempotency keys, each for `ttlMs` (IDEMPOTENCY_TTL). */
  keys(ttlMs: number): IdempotencyStore;
  /** The budget of one source. */
  budget(source: string, limit: RateLimit | null): RateBudget;
  /** Callers' shares of the budgets `limits` (by source): each may use `fraction` of every window. */
  shares(limits: Record<string, RateLimit | null>, fraction: number): CallerShares;
  /** The shared store's state; null when coordination is in-process. */
  health(): CoordinationHealth | null;
  close(): Promise<void>;
}

export type CoordinationErrorCode = 'COORDINATION_UNAVAILABLE' | 'CUSTOMER_BUSY';

/** An update that could not be coordinated; nothing was written. Messages are safe to show. */
export class CoordinationError extends Error {
  constructor(
    readonly code: CoordinationErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'CoordinationError';
  }
}

/** The error for a lock wait that ran out after `waitMs`. */
export function customerBusy(waitMs: number): CoordinationError {
  return new CoordinationError(
    'CUSTOMER_BUSY',
    `Another update of this customer holds its lock; this one waited ${Math.max(0, Math.round(waitMs))} ms for it, and nothing was written. Retry in a few seconds.`,
    Math.max(1, Math.ceil(waitMs / 1000)),
  );
}

/** The error for a retry that waited `waitedMs` for the first request with its idempotency key, which still runs. */
export function keyBusy(waitedMs: number): CoordinationError {
  return new CoordinationError(
    'CUSTOMER_BUSY',
    `The first request with this idempotency key is still running; this one waited ${Math.max(0, Math.round(waitedMs))} ms for its answer and wrote nothing. Retry with the same key to get that answer.`,
    Math.max(1, Math.ceil(waitedMs / 1000)),
  );
}

/** How long a lock may be waited for: `waitMs` (LOCK_WAIT_MS), cut to what is left before `deadlineAt`. */
export function lockWaitMs(waitMs: number, deadlineAt = Number.POSITIVE_INFINITY): number {
  return Math.max(0, Math.floor(Math.min(waitMs, deadlineAt - Date.now())));
}
