// Errors outside the payload: every failure gets a contract code; anything unexpected is
// masked (logged, never shown) so no message carries a credential, URL or stack.
import { ForbiddenError } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { BackendError, type BackendErrorCode } from './customers/backend.js';
import { CoordinationError } from './customers/coordination.js';
import { InvalidReferenceError } from './customers/errors.js';

/** A GraphQL-shaped error body, for answers given before Yoga executes anything. */
export const jsonError = (message: string, code: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

const CODES: Record<BackendErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  REJECTED: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  FAILED: 'BACKEND_UNAVAILABLE',
};

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
  const { originalError: _parserError, http, ...extensions } = error.extensions as { originalError: unknown; http?: { status?: number } };
  return rebuild(error, error.message, { ...extensions, http: { status: http?.status ?? 400 } });
}

/** A request error Yoga found (bad JSON, a missing query…): a client's mistake, with a 4xx status. */
const isRequestError = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError && ((error.extensions.http as { status?: number } | undefined)?.status ?? 500) < 500;

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
  const original = originalOf(error);
  if (original instanceof BackendError) {
    return rebuild(error, original.message, {
      code: CODES[original.code],
      source: original.source,
      ...(original.code === 'RATE_LIMITED' ? { retryAfterSeconds: original.retryAfterSeconds ?? 60 } : {}),
      ...(original.outcome ? { outcome: original.outcome } : {}),
    });
  }
  if (original instanceof CoordinationError) {
    return rebuild(error, original.message, { code: original.code, retryAfterSeconds: original.retryAfterSeconds });
  }
  if (original instanceof InvalidReferenceError) {
    return rebuild(error, original.message, { code: 'BAD_USER_INPUT', argument: original.argument });
  }
  // scope-auth's refusal is a GraphQLError without a code: without this it would pass as BAD_USER_INPUT.
  if (original instanceof ForbiddenError) return rebuild(error, original.message, { code: 'FORBIDDEN' });
  // Errors made on purpose (validation, parsing, armor limits) pass through, with a code.
  if (original instanceof GraphQLError && error instanceof GraphQLError) {
    if (error.extensions.originalError) return withoutParserError(error);
    const code = error.extensions.code ?? original.extensions.code ?? 'BAD_USER_INPUT';
    if (code !== 'BAD_USER_INPUT' || error.extensions.argument !== undefined) return code === error.extensions.code ? error : rebuild(error, error.message, { ...error.extensions, code });
    return rebuild(error, error.message, { ...error.extensions, code, argument: variableOf(error.message) });
  }
  return rebuild(error, message, { code: 'INTERNAL_SERVER_ERROR' });
}

/** Backend failures that are the caller's business (or the source's pacing), not a fault. */
const CALLER_BACKEND_CODES: ReadonlySet<BackendErrorCode> = new Set(['NOT_FOUND', 'REJECTED', 'CONFLICT']);

/**
 * Yoga's logger on pino. Yoga hands it every error it masked, once. Backend failures are logged
 * here by their code, without a stack, and anything unexpected at error with its stack; the
 * caller's own mistakes are left to useRefusalLog, which logs each refused request once at info.
 * So `error` means a backend failed or we did, and an alert on it means something.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  // Build the message only when the level is on: Yoga logs at debug on every request.
  const at = (level: 'debug' | 'info' | 'warn') => (...args: unknown[]) => {
    if (logger.isLevelEnabled(level)) logger[level](args.map(String).join(' '));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: (...args: unknown[]) => {
      // A request Yoga refused (bad JSON, no query…) is the caller's mistake: the refusal log has it.
      if (isRequestError(args[0])) return;
      const original = originalOf(args[0]);
      if (original instanceof BackendError) {
        const level = CALLER_BACKEND_CODES.has(original.code) ? 'info' : original.code === 'RATE_LIMITED' ? 'warn' : 'error';
        logger[level]({ code: original.code, source: original.source, status: original.status }, original.message);
      } else if (original instanceof CoordinationError) {
        logger.warn({ code: original.code, err: original.cause }, original.message);
      } else if (!(original instanceof InvalidReferenceError || original instanceof GraphQLError)) {
        logger.error({ err: original }, 'unexpected error');
      }
    },
  };
}
