// GET /health (the process answers) and GET /ready (whether to send it traffic, and each source's
// and the shared store's state).
import type { ServerResponse } from 'node:http';
import type { CustomerService } from '../customers/service.js';
import type { SourceHealth } from '../telemetry/source-health.js';
import { send } from './send.js';

/** A source in one of these states cannot be used right now; /ready says `degraded` while one is. */
const UNUSABLE: ReadonlySet<string> = new Set(['unauthenticated', 'forbidden', 'failing', 'unreachable', 'circuit_open']);

export function sendHealth(res: ServerResponse) {
  send(res, 200, '{"status":"ok"}');
}

/**
 * /ready's answer; `accepting` is false once shutdown has begun. 503 only then: a source or a
 * shared store that is down is down for every replica alike, so taking this one out of the load
 * balancer would only stop what still works (the other sources' reads), and with no traffic left
 * its sources' states would never change again. So they are reported (`degraded`), not acted on.
 */
export function readiness(service: CustomerService, health: SourceHealth, accepting: () => boolean): (res: ServerResponse) => void {
  return (res) => {
    const ready = accepting();
    const sources = health.states(service.sourceNames);
    const redis = service.coordinationHealth();
    const degraded = Object.values(sources).some(({ state }) => UNUSABLE.has(state)) || redis?.state === 'down';
    const status = !ready ? 'shutting down' : degraded ? 'degraded' : 'ready';
    send(res, ready ? 200 : 503, JSON.stringify({ status, sources, ...(redis ? { redis } : {}) }));
  };
}
