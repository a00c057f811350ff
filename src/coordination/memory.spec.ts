import { describe, expect, it } from 'vitest';
import { MemoryCoordination } from './memory.js';

describe('MemoryCoordination budgets', () => {
  it('let a request over budget wait for the next window when it may start that late, and refuse it with the wait otherwise', async () => {
    const coordination = new MemoryCoordination({ waitMs: 1000 });
    // 4 per 1 s: windows of 1.1 s admitting 2.
    const budget = coordination.budget('flexportal', { count: 4, durationMs: 1000 });
    const started = Date.now();
    expect(await budget.take(started)).toBeNull();
    expect(await budget.take(started)).toBeNull();
    const refused = await budget.take(Date.now() + 100);
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThanOrEqual(1100);
    expect(await budget.take(Date.now() + 2000)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('never waits without a limit', async () => {
    expect(await new MemoryCoordination({ waitMs: 1000 }).budget('flowglad', null).take(0)).toBeNull();
  });
});
