import { describe, expect, it } from 'vitest';
import { lockPollMs, renewalDelay, renewRetryMs } from './lease-schedule.js';

describe('renewalDelay', () => {
  const lease = { ttlMs: 90_000, extendedAt: 1_000_000, failures: 0 };

  it('renews a healthy lease a third of its TTL after it was last extended', () => {
    expect(renewalDelay(lease, lease.extendedAt)).toBe(30_000);
    expect(renewalDelay(lease, lease.extendedAt + 10_000)).toBe(20_000);
    // A timer that fired late renews at once.
    expect(renewalDelay(lease, lease.extendedAt + 40_000)).toBe(0);
  });

  it('retries a failed renewal soon, but never after the lease would expire', () => {
    expect(renewRetryMs(90_000)).toBe(1000);
    expect(renewRetryMs(3000)).toBe(300);
    const failing = { ...lease, failures: 2 };
    expect(renewalDelay(failing, lease.extendedAt + 30_000)).toBe(1000);
    expect(renewalDelay(failing, lease.extendedAt + 89_600)).toBe(400);
  });

  it('reports an expired lease as lost', () => {
    expect(renewalDelay(lease, lease.extendedAt + 90_000)).toBeNull();
    expect(renewalDelay({ ...lease, failures: 5 }, lease.extendedAt + 95_000)).toBeNull();
  });
});

describe('lockPollMs', () => {
  it('starts at a few milliseconds and doubles up to 20, with jitter in the upper half', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => lockPollMs(attempt, 1))).toEqual([5, 10, 20, 20, 20]);
    expect([0, 1, 2, 3, 10].map((attempt) => lockPollMs(attempt, 0))).toEqual([3, 5, 10, 10, 10]);
  });
});
