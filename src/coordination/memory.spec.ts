import { describe, expect, it } from 'vitest';
import { CoordinationError } from '../customers/coordination.js';
import { Metrics } from '../telemetry/metrics.js';
import { seriesValue } from '../testing/metrics.js';
import { MemoryCoordination } from './memory.js';

describe('MemoryCoordination budgets', () => {
  it('let a request over budget wait for the next window when it may start that late, and refuse it with the wait otherwise', async () => {
    const metrics = new Metrics();
    const coordination = new MemoryCoordination({ waitMs: 1000, metrics });
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
    // Only the take that waited is counted, with the time it waited.
    expect(await seriesValue(metrics, 'customer_graph_budget_waits_total', { source: 'flexportal' })).toBe(1);
    expect(await seriesValue(metrics, 'customer_graph_budget_wait_seconds_total', { source: 'flexportal' })).toBeGreaterThan(0.5);
  });

  it('never waits without a limit', async () => {
    expect(await new MemoryCoordination({ waitMs: 1000, metrics: new Metrics() }).budget('flowglad', null).take(0)).toBeNull();
  });
});

describe('MemoryCoordination caller shares', () => {
  it("refuse a caller over its share at once, with the wait, while another caller's turns are untouched", async () => {
    // 40 per 2 s: windows of 1.1 s admitting 13; a quarter of each is 3 per caller.
    const shares = new MemoryCoordination({ waitMs: 1000, metrics: new Metrics() }).shares(
      { flexportal: { count: 40, durationMs: 2000 }, flowglad: null },
      0.25,
    );
    const started = performance.now();
    for (let turn = 0; turn < 3; turn++) expect(await shares.take('flexportal', 'api-key:attacker')).toBeNull();
    const refused = await shares.take('flexportal', 'api-key:attacker');
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(1100);
    expect(performance.now() - started).toBeLessThan(100);
    for (let turn = 0; turn < 3; turn++) expect(await shares.take('flexportal', 'api-key:victim')).toBeNull();
    // Per source: a source without a budget is not shared out.
    for (let turn = 0; turn < 20; turn++) expect(await shares.take('flowglad', 'api-key:attacker')).toBeNull();
  });
});

describe('MemoryCoordination locks', () => {
  it('report each wait for a lock and how it ended, and are confirmed held until released', async () => {
    const metrics = new Metrics();
    const count = (outcome: string) => seriesValue(metrics, 'customer_graph_lock_wait_seconds', { outcome, le: '+Inf' });
    const { locks } = new MemoryCoordination({ waitMs: 50, metrics });
    const held = await locks.acquire('flowglad:spec-lock');
    await expect(locks.acquire('flowglad:spec-lock')).rejects.toBeInstanceOf(CoordinationError);
    await held.confirm();
    await held.release();
    await expect(held.confirm()).rejects.toMatchObject({ code: 'COORDINATION_UNAVAILABLE' });
    expect(await count('acquired')).toBe(1);
    expect(await count('busy')).toBe(1);
  });
});
