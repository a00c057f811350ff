// Coordination inside one process (no REDIS_URL): per-customer locks in memory; budgets,
// callers' shares and idempotency keys' answers kept by this replica alone; and live updates heard
// by this process only. Right for one replica; with several, run Redis.
import type { ChangeFeed } from '../customers/changes.js';
import {
  CoordinationError,
  UNLIMITED,
  lockWaitMs,
  type CallerShares,
  type Coordination,
  type CustomerLocks,
  type IdempotencyStore,
  type RateBudget,
  type RateLimit,
} from '../customers/coordination.js';
import type { Customer } from '../customers/model.js';
import type { Metrics } from '../telemetry/metrics.js';
import { windowsOf } from './budget-windows.js';
import { LimiterBudget, memoryLimiter } from './limiter-budget.js';
import { LimiterShares, shareLimiters } from './limiter-shares.js';
import { LocalLocks, type LockTimings } from './local-locks.js';
import { MemoryKeys } from './memory-keys.js';

export interface MemoryCoordinationOptions extends LockTimings {
  /** Where lock and budget waits are counted. */
  metrics: Metrics;
}

export class MemoryCoordination implements Coordination {
  readonly locks: CustomerLocks;
  readonly changes: ChangeFeed = new LocalChangeFeed();
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

  keys(ttlMs: number): IdempotencyStore {
    return new MemoryKeys({ ttlMs });
  }

  health() {
    return null;
  }

  async close() {}
}

/** Announcements within this process: its listeners hear each one as it is published. */
class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<(customer: Customer) => void>();

  publish(customer: Customer): void {
    for (const listener of this.listeners) listener(customer);
  }

  listen(listener: (customer: Customer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function releasedLock(): CoordinationError {
  return new CoordinationError('COORDINATION_UNAVAILABLE', "This update no longer holds the customer's lock (it released it), so it wrote nothing more.", 2);
}
