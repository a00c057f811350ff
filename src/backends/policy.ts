// The resilience policy of one source (cockatiel): retries with jittered exponential backoff for
// idempotent calls only, within an overall deadline, and a circuit breaker that fails fast while
// the source is down and lets one probe through after a pause. The breaker looks at the
// failure rate over a window, not at consecutive failures: on a busy source a short burst of
// errors is a blip that retries absorb, not an outage.
import {
  BrokenCircuitError,
  CircuitState,
  DelegateBackoff,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { BackendError } from '../customers/backend.js';
import type { RateBudget } from '../customers/coordination.js';
import type { BackendMetrics, CircuitPosition } from '../telemetry/metrics.js';
import type { SourceHealth } from '../telemetry/source-health.js';

export interface HttpPolicy {
  /** Longest wait for one attempt (connect, headers and body). */
  timeoutMs: number;
  /**
   * Longest wait for a whole call, retries and their pauses included: a cap per call under the
   * request's own deadline (REQUEST_DEADLINE_MS), which every call of a request shares.
   */
  deadlineMs: number;
  /** Extra attempts for idempotent calls (GET, PUT). */
  retries: number;
  /** First backoff pause; each retry doubles it, with jitter. */
  retryBaseMs: number;
  /** Share of failed attempts (0..1, exclusive) within the window that opens the circuit. */
  breakerFailureRate: number;
  /** The window the failure rate is taken over. */
  breakerWindowMs: number;
  /** Attempts per second the window must have seen before the circuit may open. */
  breakerMinimumRps: number;
  /** How long an open circuit fails fast before letting a probe through. */
  breakerHalfOpenMs: number;
  /** Keep-alive connections kept to the source. */
  connections: number;
  /**
   * Longest a write attempt is kept open after it started: one that timed out is not aborted but
   * waited for in the background (its update keeps the customer's lock), and cut at this limit.
   */
  settleLimitMs: number;
}

/** A failure worth another attempt: connection error, timeout, 502/503/504, or 429. */
export class TransientError extends Error {
  constructor(readonly error: BackendError) {
    super(error.message);
    this.name = 'TransientError';
  }
}

const isTransient = (error: Error) => error instanceof TransientError;
/** An isolated circuit (never done here) fails fast like an open one. */
const POSITIONS: Record<CircuitState, CircuitPosition> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};
/** Only outages open the circuit; a rate limit means the source is up. */
const isOutage = (error: Error) => error instanceof TransientError && error.error.code === 'UNAVAILABLE';

/**
 * The least time an attempt needs to have a chance: a budget turn that comes later than this
 * before the deadline is not waited for (RATE_LIMITED), rather than spent on an attempt that
 * must fail.
 */
const MIN_ATTEMPT_MS = 100;

export class SourcePolicy {
  private readonly idempotent: IPolicy;
  private readonly once: IPolicy;

  constructor(
    private readonly source: string,
    private readonly policy: HttpPolicy,
    private readonly budget: RateBudget,
    metrics: BackendMetrics,
    health: SourceHealth,
  ) {
    const breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: policy.breakerHalfOpenMs,
      breaker: new SamplingBreaker({
        threshold: policy.breakerFailureRate,
        duration: policy.breakerWindowMs,
        minimumRps: policy.breakerMinimumRps,
      }),
    });
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>(({ attempt, result }) => {
      const error = 'error' in result ? result.error : undefined;
      // The source said when to come back (the attempt already checked it fits the deadline).
      if (error instanceof TransientError && error.error.retryAfterSeconds !== null) return error.error.retryAfterSeconds * 1000;
      const ceiling = policy.retryBaseMs * 2 ** (attempt - 1);
      return ceiling / 2 + Math.random() * (ceiling / 2);
    });
    const retries = retry(handleWhen(isTransient), { maxAttempts: policy.retries, backoff });
    retries.onRetry(() => metrics.retry());
    breaker.onStateChange((state) => {
      metrics.circuit(POSITIONS[state]);
      // Closing needs an attempt that succeeded, which has already said `ok`.
      if (state === CircuitState.Open) health.record(source, 'circuit_open');
    });
    // The deadline is enforced by the attempts themselves (see `run`), not by cockatiel's timeout
    // policy: that one costs an AbortController per call, and a DOMException when it aborts it.
    this.idempotent = wrap(retries, breaker);
    this.once = breaker;
  }

  /**
   * Runs `attempt` under the policy, by `deadlineAt` (epoch ms: the request's deadline) and within
   * `deadlineMs` of now. Each attempt first takes a turn of the source's budget, waiting for one
   * that comes before the deadline, less MIN_ATTEMPT_MS (else RATE_LIMITED, at once). It then
   * gets the time it may take: the per-attempt timeout, cut to what is left of the deadline; once
   * nothing is left, the call fails without sending anything more.
   */
  async run<T>(idempotent: boolean, deadlineAt: number, attempt: (timeoutMs: number, deadlineAt: number) => Promise<T>): Promise<T> {
    const capAt = Date.now() + this.policy.deadlineMs;
    const endAt = Math.min(deadlineAt, capAt);
    const timeLeft = () => {
      const left = endAt - Date.now();
      if (left <= 0) {
        const within = endAt === capAt ? `${this.policy.deadlineMs} ms (BACKEND_DEADLINE_MS)` : "the request's deadline (REQUEST_DEADLINE_MS)";
        throw new BackendError('UNAVAILABLE', this.source, `Source "${this.source}" did not answer within ${within}.`);
      }
      return left;
    };
    const bounded = async () => {
      timeLeft();
      const waitMs = await this.budget.take(endAt - MIN_ATTEMPT_MS);
      if (waitMs !== null) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new BackendError(
          'RATE_LIMITED',
          this.source,
          `This service's request budget for source "${this.source}" has no turn free before this request's deadline; retry in ${seconds} s.`,
          {
            retryAfterSeconds: seconds,
          },
        );
      }
      return attempt(Math.min(this.policy.timeoutMs, timeLeft()), endAt);
    };
    try {
      return await (idempotent ? this.idempotent : this.once).execute(bounded);
    } catch (error) {
      if (error instanceof TransientError) throw error.error;
      if (error instanceof BrokenCircuitError) {
        throw new BackendError('UNAVAILABLE', this.source, `Source "${this.source}" is failing; calls to it are paused for a moment.`);
      }
      throw error;
    }
  }
}
