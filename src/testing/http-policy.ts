// For specs of the HTTP client: a source policy (short timeouts, quick retries, a breaker that stays closed) and observers of their own.
import type { HttpPolicy, SourceObservers } from '../backends/http.js';
import { Metrics } from '../telemetry/metrics.js';
import { SourceHealth } from '../telemetry/source-health.js';

export const SPEC_POLICY: HttpPolicy = {
  timeoutMs: 500,
  deadlineMs: 2000,
  retries: 2,
  retryBaseMs: 1,
  breakerFailureRate: 0.99,
  breakerWindowMs: 10_000,
  breakerMinimumRps: 1000,
  breakerHalfOpenMs: 1000,
  connections: 2,
  settleLimitMs: 3000,
};

/** Health and metrics of a spec's own, which no other spec sees. */
export const specObservers = (): SourceObservers => ({ health: new SourceHealth(), metrics: new Metrics() });
