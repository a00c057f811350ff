// Coordination inside one process (no REDIS_URL): per-customer locks in memory, and budgets and
// callers' shares kept by this replica alone. Right for one replica; with several, run Redis.
import {
  CoordinationError,
  UNLIMITED,
  lockWaitMs,
  type CallerShares,
  type Coordination,
  type CustomerLocks,
  type RateBudget,
  type RateLimit,
} from '../customers/coordination.js';
import type { Metrics } from '../telemetry/metrics.js';
import { windowsOf } from './budget-windows.js';
import { LimiterBudget, memoryLimiter } from './limiter-budget.js';
import { LimiterShares, shareLimiters } from './limiter-shares.js';
import { LocalLocks, type LockTimings } from './local-locks.js';

export interface MemoryCoordinationOptions extends LockTimings {
  /** Where lock and budget waits are counted. */
  metrics: Metrics;
}

export class MemoryCoordination implements Coordination {
  readonly locks: CustomerLocks;
  private readonly metrics: Metrics;

  constructor({ waitMs, metrics }: MemoryCoordinationOptions) {
    const local = new LocalLocks();
    this.metrics = metrics;
    this.locks = metrics.timedLocks({
      acquire: async (name, deadlineAt) => {
        const release = await local.acquire(name, lockWaitMs(waitMs, deadlineAt));
        // In one process a lock cannot be lost: it is held until released.
        let released = false;
        return {
          confirm: () => (released ? Promise.reject(releasedLock()) : Promise.resolve()),
          release: async () => {
            released = true;
            release();
          },
        };
      },
    });
  }

  budget(source: string, limit: RateLimit | null): RateBudget {
    return limit ? new LimiterBudget(memoryLimiter(windowsOf(limit), 'budget'), source, this.metrics) : UNLIMITED;
  }

  shares(limits: Record<string, RateLimit | null>, fraction: number): CallerShares {
    return new LimiterShares(shareLimiters(limits, fraction, (share, source) => memoryLimiter(share, `share:${source}`)));
  }

  health() {
    return null;
  }

  async close() {}
}

function releasedLock(): CoordinationError {
  return new CoordinationError('COORDINATION_UNAVAILABLE', "This update no longer holds the customer's lock (it released it), so it wrote nothing more.", 2);
}
