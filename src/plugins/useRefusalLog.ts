// One info line for each request refused for the caller's own doing (invalid document, bad
// variables, arguments or references, limits, missing rights), without a stack: such refusals
// are worth seeing but never an alert. Backend failures and our own faults are logged where
// they are masked (errors.ts), at error level.
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

export interface RefusalLogOptions {
  /** Where the line goes (at info). */
  logger: Logger;
}

/** Codes that mean this service or a backend failed, not that the caller was refused. */
const NOT_A_REFUSAL: ReadonlySet<unknown> = new Set(['INTERNAL_SERVER_ERROR', 'BACKEND_UNAVAILABLE', 'RATE_LIMITED']);

export function useRefusalLog({ logger }: RefusalLogOptions): Plugin {
  return {
    onResultProcess({ result }) {
      if (isAsyncIterable(result) || !logger.isLevelEnabled('info')) return;
      const refusals = (Array.isArray(result) ? result : [result])
        .flatMap((single) => single.errors ?? [])
        // An error naming a source is the backend's answer, logged where it was masked.
        .filter((error) => !NOT_A_REFUSAL.has(error.extensions?.code) && error.extensions?.source === undefined)
        .map((error) => ({ code: error.extensions?.code, message: error.message, path: error.path }));
      if (refusals.length > 0) logger.info({ refusals }, 'request refused');
    },
  };
}
