// The failure taxonomy, in one table: for every way a request can fail, the GraphQL
// `extensions.code` the caller sees, whose fault it is and how it is logged (and, for a
// backend's answer, what /ready shows of the source). Masking (errors.ts), logging
// (yogaLogger), the operation metrics' outcome, the access line and the sources' states all
// read it; nothing else decides. The domain keeps its own codes; this maps them to GraphQL's.
import type { GraphQLError } from 'graphql';
import type { BackendErrorCode } from './customers/backend.js';
import type { CoordinationErrorCode } from './customers/coordination.js';
import type { SubscriptionRefusal } from './customers/errors.js';

/** caller: the request was refused for what it asked; source: a backend failed; service: we did. */
export type Fault = 'caller' | 'source' | 'service';

export interface FailureRow {
  /** The GraphQL `extensions.code` the caller sees. */
  code: string;
  fault: Fault;
  /** The level it is logged at: on a line of its own where it is masked, or (info) on the request's access line. */
  level: 'info' | 'warn' | 'error';
  /** `own`: a line where it is masked (yogaLogger), with what it knows (source, status, cause, stack); `access`: the access line's `refusals`. */
  line: 'own' | 'access';
}

export interface BackendFailureRow extends FailureRow {
  /**
   * What /ready shows of a source whose attempt was answered so (src/telemetry/source-health.ts):
   * `ok` when the source works, whatever it said of the request; else why it cannot be used.
   */
  sourceState: 'ok' | 'unauthenticated' | 'forbidden' | 'failing';
}

/** Each backend error code. A source's answer about the caller's request (404, 409, 400/422) is not a fault. */
export const BACKEND_FAILURES: Readonly<Record<BackendErrorCode, BackendFailureRow>> = {
  NOT_FOUND: { code: 'NOT_FOUND', fault: 'caller', level: 'info', line: 'own', sourceState: 'ok' },
  REJECTED: { code: 'BAD_USER_INPUT', fault: 'caller', level: 'info', line: 'own', sourceState: 'ok' },
  CONFLICT: { code: 'CONFLICT', fault: 'caller', level: 'info', line: 'own', sourceState: 'ok' },
  // The source's pacing: expected now and then, so a warning rather than an error, and a source that works.
  RATE_LIMITED: { code: 'RATE_LIMITED', fault: 'source', level: 'warn', line: 'own', sourceState: 'ok' },
  UNAUTHENTICATED: { code: 'UNAUTHENTICATED', fault: 'source', level: 'error', line: 'own', sourceState: 'unauthenticated' },
  FORBIDDEN: { code: 'FORBIDDEN', fault: 'source', level: 'error', line: 'own', sourceState: 'forbidden' },
  UNAVAILABLE: { code: 'BACKEND_UNAVAILABLE', fault: 'source', level: 'error', line: 'own', sourceState: 'failing' },
  // A status this service does not understand (a redirect, a 405…): the source, or its URL, is wrong.
  FAILED: { code: 'BACKEND_UNAVAILABLE', fault: 'source', level: 'error', line: 'own', sourceState: 'failing' },
};

/** Each coordination error code: nothing was written, and not for anything the caller did. */
export const COORDINATION_FAILURES: Readonly<Record<CoordinationErrorCode, FailureRow>> = {
  COORDINATION_UNAVAILABLE: { code: 'COORDINATION_UNAVAILABLE', fault: 'service', level: 'warn', line: 'own' },
  CUSTOMER_BUSY: { code: 'CUSTOMER_BUSY', fault: 'service', level: 'warn', line: 'own' },
};

/** Each refusal of a subscription (SubscriptionRefusedError): this replica cannot take it now; another may. */
export const SUBSCRIPTION_FAILURES: Readonly<Record<SubscriptionRefusal, FailureRow>> = {
  TOO_MANY_SUBSCRIPTIONS: { code: 'TOO_MANY_SUBSCRIPTIONS', fault: 'service', level: 'warn', line: 'own' },
  SHUTTING_DOWN: { code: 'SHUTTING_DOWN', fault: 'service', level: 'warn', line: 'own' },
};

/** Every other failure, by what raised it. */
export const FAILURES = {
  /** InvalidReferenceError (src/customers/errors.ts). */
  invalidReference: { code: 'BAD_USER_INPUT', fault: 'caller', level: 'info', line: 'access' },
  /** RequestLimitError (src/customers/errors.ts). */
  requestLimit: { code: 'BAD_USER_INPUT', fault: 'caller', level: 'info', line: 'access' },
  /** scope-auth's ForbiddenError: the caller lacks a right (a GraphQLError without a code of its own). */
  forbidden: { code: 'FORBIDDEN', fault: 'caller', level: 'info', line: 'access' },
  /**
   * A GraphQLError made for the caller: Yoga's request errors (BAD_REQUEST, GRAPHQL_PARSE_FAILED),
   * validation, variables, our plugins' refusals. It keeps its own code; BAD_USER_INPUT when it has none.
   */
  request: { code: 'BAD_USER_INPUT', fault: 'caller', level: 'info', line: 'access' },
  /** useAuth: no valid credential. */
  unauthenticated: { code: 'UNAUTHENTICATED', fault: 'caller', level: 'info', line: 'access' },
  /** useAuth: tokens cannot be verified (the signing keys could not be fetched); useAuth logs it. */
  authUnavailable: { code: 'AUTH_UNAVAILABLE', fault: 'service', level: 'warn', line: 'own' },
  /** Anything else: masked, logged with its stack. */
  unexpected: { code: 'INTERNAL_SERVER_ERROR', fault: 'service', level: 'error', line: 'own' },
} as const satisfies Record<string, FailureRow>;

/** Every row of the table. */
export const ALL_FAILURES: readonly FailureRow[] = [
  ...Object.values(BACKEND_FAILURES),
  ...Object.values(COORDINATION_FAILURES),
  ...Object.values(SUBSCRIPTION_FAILURES),
  ...Object.values(FAILURES),
];

/** Codes as answered: an error naming a source is a backend's; the rest are ours. */
const sourceRows = new Map(Object.values(BACKEND_FAILURES).map((row) => [row.code, row]));
const ownRows = new Map(
  [...Object.values(COORDINATION_FAILURES), ...Object.values(SUBSCRIPTION_FAILURES), ...Object.values(FAILURES)].map((row) => [row.code, row]),
);

/**
 * The row a masked error in an answer stands for, from its `code` and whether it names a
 * `source`. A code the table does not list is a caller's refusal (a plugin's, Yoga's), unless it
 * names a source.
 */
export function rowOfAnswer(error: Pick<GraphQLError, 'extensions'>): FailureRow {
  const code = error.extensions?.code;
  const fromSource = error.extensions?.source !== undefined;
  const row = typeof code === 'string' ? (fromSource ? sourceRows : ownRows).get(code) : undefined;
  return row ?? (fromSource ? BACKEND_FAILURES.FAILED : FAILURES.request);
}

/** Whether an error in an answer is a failure of a backend or of this service, rather than the caller being refused. */
export const isFailure = (error: Pick<GraphQLError, 'extensions'>) => rowOfAnswer(error).fault !== 'caller';
