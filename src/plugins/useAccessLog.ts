// The access log: one info line per GraphQL request, when its answer is ready. A refused
// request says why on that same line (`refusals`, or useAuth's `refusal`), so a refusal is
// never a second line. Backend answers and our own faults get their own line where they are
// masked (errors.ts); the failure table (src/failures.ts) says which go where.
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { rowOfAnswer } from '../failures.js';
import { operationOf, type OperationInfo } from '../telemetry/operation.js';
import { currentRequestScope } from '../telemetry/request-scope.js';

export interface AccessLogOptions {
  /** Where the lines go (at info). Its `mixin` should be requestLogFields, which adds the request id. Required: no default. */
  logger: Logger;
}

/** How much of a caller-chosen operation name goes into the log. */
const NAME_LENGTH = 100;

interface Seen {
  operation: OperationInfo | null;
  refusals: { code: unknown; message: string; path: unknown }[];
}

/**
 * Logs `request` at info once per GraphQL request (the playground's page too) with
 * `operationName` (cut to 100 characters; null when anonymous or not parsed), `operationType`,
 * `status`, `durationMs` (from the request's arrival), `backendCalls` (backend attempts,
 * retries included) and, from the logger's mixin, `requestId`. A request refused for the
 * caller's own doing (invalid document, bad variables, arguments or references, limits, missing
 * rights) adds `refusals: [{ code, message, path }]` (no stack); one useAuth refused adds
 * `refusal: { code, reason }`. Needs useRequestId (the scope the durations and counts come from).
 */
export function useAccessLog({ logger }: AccessLogOptions): Plugin {
  // Its lines hold only the fields below, none of which can carry a credential, so they skip the
  // logger's redaction, which is three quarters of what a line costs (pino: ~7.5 → ~1.9 µs a line).
  const lines = logger.child({}, { redact: [] });
  const seen = new WeakMap<Request, Seen>();
  const entry = (request: Request) => {
    let found = seen.get(request);
    if (!found) {
      found = { operation: null, refusals: [] };
      seen.set(request, found);
    }
    return found;
  };
  return {
    onValidate({ params, context }) {
      entry(context.request).operation = operationOf(params.documentAST, context.params.operationName);
    },
    onResultProcess({ request, result }) {
      if (isAsyncIterable(result)) return;
      entry(request).refusals = (Array.isArray(result) ? result : [result])
        .flatMap((single) => single.errors ?? [])
        // The rest were logged where they were masked (src/failures.ts says which).
        .filter((error) => rowOfAnswer(error).line === 'access')
        .map((error) => ({ code: error.extensions?.code, message: error.message, path: error.path }));
    },
    onResponse({ request, response }) {
      const scope = currentRequestScope();
      if (!scope || !lines.isLevelEnabled('info')) return;
      const found = seen.get(request);
      const name = found?.operation?.name;
      lines.info(
        {
          operationName: name ? name.slice(0, NAME_LENGTH) : null,
          operationType: found?.operation?.type ?? null,
          status: response.status,
          durationMs: Math.round((performance.now() - scope.startedAt) * 10) / 10,
          backendCalls: scope.backendCalls,
          ...(found?.refusals.length ? { refusals: found.refusals } : {}),
          ...(scope.refusal ? { refusal: scope.refusal } : {}),
        },
        'request',
      );
    },
  };
}
