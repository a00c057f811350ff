// Each source's last known state, for /ready: set by every backend attempt's outcome (real
// traffic and the startup probe alike) and by its circuit breaker opening.
import type { Backend } from '../customers/backend.js';
import { BackendError, errorCodeForStatus } from '../customers/backend.js';
import { BACKEND_FAILURES } from '../failures.js';
import { inSpan } from '../customers/tracing.js';
import type { Logger } from 'pino';

/**
 * `unknown`: not called yet. `ok`: it answered with our credentials accepted (2xx, or an answer
 * about the request: a 404, 409, 400/422, or a 429). `unauthenticated` (401) and `forbidden`
 * (403): it refuses the configured credentials. `failing`: it answered 5xx, or a status this
 * service does not understand (a redirect, a 405…). The failure table (src/failures.ts) says
 * which answer is which. `unreachable`: no answer (connection refused or cut, timeout).
 * `circuit_open`: calls fail fast until the breaker lets a probe through.
 */
export type SourceState = 'unknown' | 'ok' | 'unauthenticated' | 'forbidden' | 'failing' | 'unreachable' | 'circuit_open';

export interface SourceStatus {
  state: SourceState;
  /** When that state was seen (epoch ms); null while unknown. */
  checkedAt: number | null;
}

/** The state an attempt's outcome shows: `status` null when it got no answer. */
export function stateOfAttempt(status: number | null): SourceState {
  if (status === null) return 'unreachable';
  return status >= 200 && status < 300 ? 'ok' : BACKEND_FAILURES[errorCodeForStatus(status)].sourceState;
}

/** Each source's last known state: one per process, built by main.ts and handed to every backend and to /ready. */
export class SourceHealth {
  private readonly statuses = new Map<string, SourceStatus>();

  /** Records what a source just showed. */
  record(source: string, state: SourceState): void {
    const status = this.statuses.get(source);
    if (status) {
      status.state = state;
      status.checkedAt = Date.now();
    } else {
      this.statuses.set(source, { state, checkedAt: Date.now() });
    }
  }

  /** The sources' states, by name, as /ready shows them. */
  states(names: readonly string[]): Record<string, { state: SourceState; checkedAt: string | null }> {
    return Object.fromEntries(
      names.map((name) => {
        const status = this.statuses.get(name);
        return [name, { state: status?.state ?? 'unknown', checkedAt: status?.checkedAt ? new Date(status.checkedAt).toISOString() : null }];
      }),
    );
  }
}

/**
 * Probes every source once (a cheap authenticated read), in parallel, waiting at most `waitMs`:
 * a source that refuses the credentials, fails or cannot be reached is logged as a warning and
 * the service starts anyway (reads of the other sources work; it may come back). A probe still
 * running after `waitMs` goes on in the background and sets the state when it ends.
 */
export async function probeSources(
  backends: readonly Pick<Backend, 'source' | 'probe'>[],
  health: SourceHealth,
  logger: Pick<Logger, 'warn'>,
  waitMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Set(backends.map((backend) => backend.source));
  const probes = backends.map((backend) =>
    // Its own trace: the probe's backend call under a span saying what it is. No request waits
    // for it, so only BACKEND_DEADLINE_MS bounds it.
    inSpan('source.probe', { 'customer_graph.source': backend.source }, () => backend.probe(Number.POSITIVE_INFINITY))
      .catch((error: unknown) => {
        const code = error instanceof BackendError ? error.code : 'FAILED';
        const message = error instanceof BackendError ? error.message : 'the probe failed unexpectedly';
        logger.warn({ source: backend.source, code, state: health.states([backend.source])[backend.source]!.state }, `source probe failed: ${message}`);
      })
      .finally(() => late.delete(backend.source)),
  );
  await Promise.race([Promise.all(probes), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  for (const source of late) logger.warn({ source, waitMs }, `source probe has no answer after ${waitMs} ms; starting without it`);
}
