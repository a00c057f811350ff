// The domain's port to a backend: the interface every adapter implements, what it can store,
// and the error type it throws. Adapters (src/backends/) depend on this, never the reverse.
import type { AddressField, AddressKind, Customer, CustomerFields, CustomerFilter, CustomerFilterField, CustomerStatus, ScalarField } from './model.js';
import { LIMITS, characterProblem } from './validation.js';

/**
 * How a backend keeps a field: `clearable` (stored, null empties it), `required` (stored,
 * never empty), `derived` (not stored itself, computed from other stored fields),
 * `unsupported` (not stored at all).
 */
export type FieldSupport = 'clearable' | 'required' | 'derived' | 'unsupported';

export interface BackendCapabilities {
  fields: Record<ScalarField | AddressKind, FieldSupport>;
  /** Per address part; `required` parts must be present once the update is merged. */
  addressFields: Record<AddressField, FieldSupport>;
  /** Statuses a caller may set. */
  statuses: readonly CustomerStatus[];
  /** Statuses there is no way back from. */
  finalStatuses: readonly CustomerStatus[];
  /** Statuses in which the backend no longer shows the customer (its reads answer not found). */
  hiddenStatuses: readonly CustomerStatus[];
  /** The conditions its list applies itself; `customers` refuses the others rather than ignore them. */
  filters: readonly CustomerFilterField[];
}

/** A page request: `after` is the backend's own cursor; `filter` holds only conditions the backend can apply. */
export interface PageRequest {
  first: number;
  after: string | null;
  filter: CustomerFilter;
}

export interface CustomerPage {
  customers: Customer[];
  nextCursor: string | null;
  totalCount: number | null;
}

/** Stored fields with the values they should have; an address is always given whole. */
export type CustomerWrite = Partial<Omit<CustomerFields, 'status'>>;

/**
 * An update's write attempts. Before sending each one (retries included) a backend asks
 * `beforeAttempt`, and sends nothing when it rejects: the update may no longer write (it cannot
 * prove it still holds its customer's lock). Attempts it stopped waiting for (timed out, then
 * retried or given up) but could not take back are handed over to `add`: each settles once the
 * backend answers or its connection is closed. An update keeps its customer's lock until all of
 * them have settled, so an attempt landing late can never overwrite the next update.
 */
export interface UnsettledWrites {
  beforeAttempt(): Promise<void>;
  add(settled: Promise<void>): void;
}

/**
 * Every call takes `deadlineAt` (epoch ms): the deadline of the request it serves, shared by all
 * its calls (budget waits, attempts, retries). A call that cannot finish by then fails without
 * sending anything more.
 */
export interface Backend {
  readonly source: string;
  readonly capabilities: BackendCapabilities;
  /** The customer, or null when the backend does not know it. */
  get(externalId: string, deadlineAt: number): Promise<Customer | null>;
  list(page: PageRequest, deadlineAt: number): Promise<CustomerPage>;
  update(externalId: string, write: CustomerWrite, unsettled: UnsettledWrites, deadlineAt: number): Promise<Customer>;
  setStatus(externalId: string, status: CustomerStatus, unsettled: UnsettledWrites, deadlineAt: number): Promise<Customer>;
  /**
   * The cheapest read that needs the credentials (at startup, for readiness): resolves when the
   * source accepts them, throws BackendError (UNAUTHENTICATED, FORBIDDEN, UNAVAILABLE…) otherwise.
   */
  probe(deadlineAt: number): Promise<void>;
  close(): Promise<void>;
}

export type BackendErrorCode = 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'REJECTED' | 'CONFLICT' | 'FAILED';

/** The error code a non-2xx status stands for, whatever the backend. */
export function errorCodeForStatus(status: number): BackendErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 400 || status === 422) return 'REJECTED';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'UNAVAILABLE';
  return 'FAILED';
}

/** A field the backend refused, as a path into the normalized customer (e.g. ["billingAddress","city"]). */
export interface RejectedField {
  field: string[] | null;
  message: string;
}

/** A backend failure, already stripped of anything secret; messages are safe to show. */
export class BackendError extends Error {
  readonly code: BackendErrorCode;
  readonly source: string;
  readonly status: number | null;
  readonly retryAfterSeconds: number | null;
  readonly rejected: RejectedField[];
  /**
   * A write attempt of this call was sent and its answer does not prove it was refused (no
   * answer, a 5xx, an unreadable 2xx): the write may have been applied. The adapters decide it
   * by one rule (`mayHaveApplied` in src/backends/http.ts).
   */
  readonly maybeApplied: boolean;
  /** For a failed update: what is known about what it wrote (see WriteOutcome). */
  readonly outcome: WriteOutcome | null;

  constructor(code: BackendErrorCode, source: string, message: string, details: BackendErrorDetails = {}) {
    super(message, { cause: details.cause });
    this.name = 'BackendError';
    this.code = code;
    this.source = source;
    this.status = details.status ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.rejected = details.rejected ?? [];
    this.maybeApplied = details.maybeApplied ?? false;
    this.outcome = details.outcome ?? null;
  }

  /** The same error with some details changed. */
  with(details: BackendErrorDetails, message = this.message): BackendError {
    const { status, retryAfterSeconds, rejected, maybeApplied, outcome, cause } = this;
    return new BackendError(this.code, this.source, message, { status, retryAfterSeconds, rejected, maybeApplied, outcome, cause, ...details });
  }
}

/**
 * NOT_WRITTEN: nothing was stored: no write of the update was sent, or the backend's answer
 * (a 4xx) proves it refused it. UNKNOWN: a write was sent, its answer does not prove a refusal,
 * and the value was not found stored when read back (or could not be read back in time); it may
 * still land, and retrying the same update is safe (it sends absolute values).
 */
export type WriteOutcome = 'NOT_WRITTEN' | 'UNKNOWN';

export interface BackendErrorDetails {
  status?: number | null;
  retryAfterSeconds?: number | null;
  rejected?: RejectedField[];
  maybeApplied?: boolean;
  outcome?: WriteOutcome | null;
  cause?: unknown;
}

/** Why a backend key may not be put into a URL path, or null when it may. */
export function externalIdProblem(key: string): string | null {
  if (key.length === 0) return 'must not be empty';
  if (key.length > LIMITS.key) return `must be at most ${LIMITS.key} characters`;
  const characters = characterProblem(key);
  if (characters) return characters;
  if (key.includes('/') || key.includes('\\')) return 'must not contain slashes';
  if (key.includes('..')) return 'must not contain ".."';
  if (resolvesAway(encodeURIComponent(key))) return 'must not be "." or anything else URL resolution would change';
  return null;
}

/** Whether URL resolution changes a path segment (".", "..", and whatever else a parser treats as a dot segment). */
function resolvesAway(segment: string): boolean {
  const path = `/customers/${segment}/archive`;
  return new URL(path, 'http://backend.invalid').pathname !== path;
}
