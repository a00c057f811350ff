// Coordination inside one process (no REDIS_URL): per-customer locks in memory, and budgets and
// callers' shares kept by this replica alone. Right for one replica; with several, run Redis.
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
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
import { timedLocks } from '../telemetry/metrics.js';
import { budgetWindows, callerShare, type BudgetWindows } from './budget-windows.js';
import { LimiterBudget } from './limiter-budget.js';
import { LimiterShares } from './limiter-shares.js';
import { LocalLocks } from './local-locks.js';

export interface LockTimings {
  /** Longest wait for a lock someone else holds. */
  waitMs: number;
}

/** A limit's windows; config.ts has already refused limits that cannot be split. */
export function windowsOf(limit: RateLimit): BudgetWindows {
  const windows = budgetWindows(limit);
  if (!windows) throw new Error(`rate limit ${limit.count}/${limit.durationMs}ms cannot be split into windows`);
  return windows;
}

export function memoryLimiter({ windowMs, perWindow }: BudgetWindows, keyPrefix: string): RateLimiterMemory {
  return new RateLimiterMemory({ points: perWindow, duration: windowMs / 1000, keyPrefix });
}

/** A limiter for each source with a budget, on one caller's `fraction` of that budget's windows. */
export function shareLimiters(
  limits: Record<string, RateLimit | null>,
  fraction: number,
  limiter: (share: BudgetWindows, source: string) => RateLimiterAbstract,
): Map<string, RateLimiterAbstract> {
  return new Map(Object.entries(limits).flatMap(([source, limit]) => (limit ? [[source, limiter(callerShare(windowsOf(limit), fraction), source)] as const] : [])));
}

export class MemoryCoordination implements Coordination {
  readonly locks: CustomerLocks;

  constructor(timings: LockTimings) {
    const local = new LocalLocks();
    this.locks = timedLocks({
      acquire: async (name, deadlineAt) => {
        const release = await local.acquire(name, lockWaitMs(timings.waitMs, deadlineAt));
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
    return limit ? new LimiterBudget(memoryLimiter(windowsOf(limit), 'budget'), source) : UNLIMITED;
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
