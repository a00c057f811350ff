// A source policy for specs of the HTTP client: short timeouts, quick retries, a breaker that stays closed.
import type { HttpPolicy } from '../backends/http.js';

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
