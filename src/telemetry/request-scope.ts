// What one request carries through every async call it makes (AsyncLocalStorage): its request
// id, when it started, and how many backend attempts it made. Code far from the request (the
// domain, the adapters, the logger) reads it here instead of being handed it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  readonly requestId: string;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  /** Backend attempts made for this request (retries and read-backs included). */
  backendCalls: number;
  /** Why the request was refused before Yoga ran it (useAuth), for its access log line. */
  refusal: Record<string, unknown> | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * A caller's `X-Request-Id` is taken only when it is a sane token: 1 to 128 of letters, digits
 * and `._:-` (UUIDs, ULIDs, most gateways' ids). Anything else (empty, longer, spaces, quotes,
 * control characters) would let a caller write what it likes into our logs and the backends'
 * headers, so a new id is made in its place.
 */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it is acceptable, else a new one (a random UUID). */
export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
}

/** Runs `fn` as the request `requestId`: everything it calls, synchronously or not, sees the scope. */
export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  const scope: RequestScope = { requestId, startedAt: performance.now(), backendCalls: 0, refusal: null };
  return storage.run(scope, fn);
}

/** The scope of the request being handled, if any (none at startup and in background work). */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** One backend attempt made for the request being handled (none outside a request), for its access line. */
export function countBackendCall(): void {
  const scope = storage.getStore();
  if (scope) scope.backendCalls++;
}

/**
 * pino's `mixin`: every log line written while a request is handled carries its `requestId`. A
 * new object each time: pino merges the line's own fields into it.
 */
export function requestLogFields(): object {
  const scope = storage.getStore();
  return scope ? { requestId: scope.requestId } : {};
}

/** Backend request headers with the request's id added, when there is a request. */
export function withRequestId(headers: Record<string, string>): Record<string, string> {
  const scope = storage.getStore();
  return scope ? { ...headers, 'x-request-id': scope.requestId } : headers;
}
