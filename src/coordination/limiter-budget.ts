// A source's budget on a rate-limiter-flexible limiter: a request over budget waits for the next
// window while that fits its deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateBudget } from '../customers/coordination.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { BudgetWindows } from './budget-windows.js';

/** A limiter in this process's memory, admitting `perWindow` per window. */
export function memoryLimiter({ windowMs, perWindow }: BudgetWindows, keyPrefix: string): RateLimiterMemory {
  return new RateLimiterMemory({ points: perWindow, duration: windowMs / 1000, keyPrefix });
}

export class LimiterBudget implements RateBudget {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly source: string,
    private readonly metrics: Metrics,
  ) {}

  async take(latestStartAt: number): Promise<number | null> {
    const startedAt = performance.now();
    let waited = false;
    try {
      for (;;) {
        try {
          await this.limiter.consume(this.source);
          return null;
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          const waitMs = Math.max(1, refusal.msBeforeNext);
          if (Date.now() + waitMs > latestStartAt) return waitMs;
          waited = true;
          // A little jitter, so the requests waiting do not all ask at the window's first instant.
          await sleep(waitMs + Math.random() * 20);
        }
      }
    } finally {
      if (waited) this.metrics.budgetWaited(this.source, performance.now() - startedAt);
    }
  }
}
