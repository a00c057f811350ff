// Callers' shares of the sources' budgets on rate-limiter-flexible limiters (one per source,
// keyed by caller): a caller over its share is refused at once, never made to wait.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CallerShares, RateLimit } from '../customers/coordination.js';
import { callerShare, windowsOf, type BudgetWindows } from './budget-windows.js';

export class LimiterShares implements CallerShares {
  /** `limiters`: by source, each on a caller's part of that source's windows; a source without one is not shared out. */
  constructor(private readonly limiters: ReadonlyMap<string, RateLimiterAbstract>) {}

  async take(source: string, caller: string): Promise<number | null> {
    const limiter = this.limiters.get(source);
    if (!limiter) return null;
    try {
      await limiter.consume(caller);
      return null;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return Math.max(1, refusal.msBeforeNext);
    }
  }
}

/** A limiter for each source with a budget, on one caller's `fraction` of that budget's windows. */
export function shareLimiters(
  limits: Record<string, RateLimit | null>,
  fraction: number,
  limiter: (share: BudgetWindows, source: string) => RateLimiterAbstract,
): Map<string, RateLimiterAbstract> {
  return new Map(
    Object.entries(limits).flatMap(([source, limit]) => (limit ? [[source, limiter(callerShare(windowsOf(limit), fraction), source)] as const] : [])),
  );
}
