// Errors outside the payload: every failure gets a contract code; anything unexpected is
// masked (logged here, never shown) so no message carries a credential, URL or stack.
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { BackendError, type BackendErrorCode } from './backends/backend.js';
import { InvalidReferenceError } from './customers/errors.js';

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

export function maskError(error: unknown, message: string, logger: Logger): GraphQLError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof BackendError) {
    return rebuild(error, original.message, {
      code: CODES[original.code],
      source: original.source,
      ...(original.code === 'RATE_LIMITED' ? { retryAfterSeconds: original.retryAfterSeconds ?? 60 } : {}),
    });
  }
  if (original instanceof InvalidReferenceError) {
    return rebuild(error, original.message, { code: 'BAD_USER_INPUT', argument: original.argument });
  }
  // Errors made on purpose (validation, parsing, armor limits) pass through, with a code.
  if (original instanceof GraphQLError && error instanceof GraphQLError) {
    const code = error.extensions.code ?? original.extensions.code;
    return code ? error : rebuild(error, error.message, { ...error.extensions, code: 'BAD_USER_INPUT' });
  }
  logger.error({ err: original }, 'unexpected error');
  return rebuild(error, message, { code: 'INTERNAL_SERVER_ERROR' });
}
