// Errors outside the payload: every failure gets a contract code; anything unexpected is
// masked (logged, never shown) so no message carries a credential, URL or stack.
import { ForbiddenError } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { BackendError } from './customers/backend.js';
import { CoordinationError } from './customers/coordination.js';
import { InvalidReferenceError, RequestLimitError, SubscriptionRefusedError } from './customers/errors.js';
import { BACKEND_FAILURES, COORDINATION_FAILURES, FAILURES, SUBSCRIPTION_FAILURES, type FailureRow } from './failures.js';

/** A GraphQL-shaped error body, for answers given before Yoga executes anything. */
export const jsonError = (message: string, code: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

function rebuild(error: unknown, message: string, extensions: Record<string, unknown>): GraphQLError {
  const located = error instanceof GraphQLError ? error : null;
  return new GraphQLError(message, {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions,
  });
}

/** The error a resolver threw, unwrapped from the GraphQLError that carries it. */
const originalOf = (error: unknown) => (error instanceof GraphQLError ? (error.originalError ?? error) : error);

/**
 * "POST body sent invalid JSON." without the JSON parser's own error that Yoga attaches (it
 * quotes the body). That attachment is also what keeps the answer a 400 when the client accepts
 * application/json (GraphQL over HTTP lets such request errors be 200 there), so say 400 outright.
 */
function withoutParserError(error: GraphQLError): GraphQLError {
  const { originalError: _parserError, http: _http, ...extensions } = error.extensions;
  return rebuild(error, error.message, { ...extensions, http: { status: httpStatusOf(error) ?? 400 } });
}

/** The HTTP status Yoga gave an error, if it gave one. */
function httpStatusOf(error: GraphQLError): number | undefined {
  const http: unknown = error.extensions.http;
  return typeof http === 'object' && http !== null && 'status' in http && typeof http.status === 'number' ? http.status : undefined;
}

/** A request error Yoga found (bad JSON, a missing query…): a client's mistake, with a 4xx status. */
const isRequestError = (error: unknown): error is GraphQLError => error instanceof GraphQLError && (httpStatusOf(error) ?? 500) < 500;

/** What went wrong, decided once: its row in the failure table (src/failures.ts) says what the caller is shown and how it is logged. */
type Failure = { row: FailureRow } & (
  | { kind: 'backend'; error: BackendError }
  | { kind: 'coordination'; error: CoordinationError }
  | { kind: 'subscription'; error: SubscriptionRefusedError }
  | { kind: 'reference'; error: InvalidReferenceError }
  | { kind: 'limit'; error: RequestLimitError }
  | { kind: 'forbidden'; error: ForbiddenError }
  /** Made on purpose for the caller: validation, variables, parsing, limits, a refused request. */
  | { kind: 'caller'; error: GraphQLError }
  | { kind: 'unexpected'; error: unknown }
);

function classify(error: unknown): Failure {
  if (isRequestError(error)) return { kind: 'caller', error, row: FAILURES.request };
  const original = originalOf(error);
  if (original instanceof BackendError) return { kind: 'backend', error: original, row: BACKEND_FAILURES[original.code] };
  if (original instanceof CoordinationError) return { kind: 'coordination', error: original, row: COORDINATION_FAILURES[original.code] };
  if (original instanceof SubscriptionRefusedError) return { kind: 'subscription', error: original, row: SUBSCRIPTION_FAILURES[original.code] };
  if (original instanceof InvalidReferenceError) return { kind: 'reference', error: original, row: FAILURES.invalidReference };
  if (original instanceof RequestLimitError) return { kind: 'limit', error: original, row: FAILURES.requestLimit };
  // scope-auth's refusal is a GraphQLError without a code: it must not pass as BAD_USER_INPUT.
  if (original instanceof ForbiddenError) return { kind: 'forbidden', error: original, row: FAILURES.forbidden };
  if (original instanceof GraphQLError && error instanceof GraphQLError) return { kind: 'caller', error, row: FAILURES.request };
  return { kind: 'unexpected', error: original, row: FAILURES.unexpected };
}

/**
 * What a refusal of a variable's value names (graphql-js: 'Variable "$f" got invalid value … at
 * "f.status"; …'), as `extensions.argument`: "$f.status", "$first"; null when it names none.
 */
function variableOf(message: string): string | null {
  const at = /^Variable "\$[\w]+" got invalid value [\s\S]*? at "([^"]+)";/.exec(message);
  if (at) return `$${at[1]}`;
  return /^Variable "(\$\w+)"/.exec(message)?.[1] ?? null;
}

export function maskError(error: unknown, message: string): GraphQLError {
  const failure = classify(error);
  const { code } = failure.row;
  switch (failure.kind) {
    case 'backend': {
      const { error: backend } = failure;
      return rebuild(error, backend.message, {
        code,
        source: backend.source,
        ...(backend.code === 'RATE_LIMITED' ? { retryAfterSeconds: backend.retryAfterSeconds ?? 60 } : {}),
        ...(backend.outcome ? { outcome: backend.outcome } : {}),
      });
    }
    case 'coordination':
    case 'subscription':
      return rebuild(error, failure.error.message, { code, retryAfterSeconds: failure.error.retryAfterSeconds });
    case 'reference':
      return rebuild(error, failure.error.message, { code, argument: failure.error.argument });
    case 'limit': {
      const { message: said, argument, limit, max } = failure.error;
      return rebuild(error, said, { code, argument, limit, max });
    }
    case 'forbidden':
      return rebuild(error, failure.error.message, { code });
    case 'caller': {
      const { error: refusal } = failure;
      if (refusal.extensions.originalError) return withoutParserError(refusal);
      const inner = refusal.originalError;
      const own = refusal.extensions.code ?? (inner instanceof GraphQLError ? inner.extensions.code : undefined) ?? code;
      if (own !== 'BAD_USER_INPUT' || refusal.extensions.argument !== undefined) {
        return own === refusal.extensions.code ? refusal : rebuild(refusal, refusal.message, { ...refusal.extensions, code: own });
      }
      // Every top-level BAD_USER_INPUT names its argument; a variable's refusal names the variable.
      return rebuild(refusal, refusal.message, { ...refusal.extensions, code: own, argument: variableOf(refusal.message) });
    }
    case 'unexpected':
      return rebuild(error, message, { code });
  }
}

/**
 * Yoga's logger on pino. Yoga hands it every error it masked, once. Each is logged at its row's
 * level (src/failures.ts): a backend failure by its code, source and status, without a stack; a
 * coordination failure with its cause; anything unexpected with its stack. The caller's own
 * mistakes are said on the request's access line (useAccessLog), once, at info. So `error`
 * means a backend failed or we did, and an alert on it means something.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  // Build the message only when the level is on: Yoga logs at debug on every request.
  const at =
    (level: 'debug' | 'info' | 'warn') =>
    (...args: unknown[]) => {
      if (logger.isLevelEnabled(level)) logger[level](args.map(String).join(' '));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: (...args: unknown[]) => {
      const failure = classify(args[0]);
      const { level, line } = failure.row;
      // The caller's own mistakes: said on the request's access line (useAccessLog).
      if (line === 'access') return;
      switch (failure.kind) {
        case 'backend': {
          const { error: backend } = failure;
          logger[level]({ code: backend.code, source: backend.source, status: backend.status }, backend.message);
          return;
        }
        case 'coordination':
          logger[level]({ code: failure.error.code, err: failure.error.cause }, failure.error.message);
          return;
        case 'unexpected':
          logger[level]({ err: failure.error }, 'unexpected error');
          return;
        default:
          logger[level]({ code: failure.row.code }, failure.error.message);
      }
    },
  };
}
