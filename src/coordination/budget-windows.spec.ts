import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalMarginMs, budgetWindows, callerShare, replicaShare, type BudgetWindows } from './budget-windows.js';

/**
 * The most arrivals any sliding window of `durationMs` sees, when each of the windows (back to
 * back, or with gaps) admits `perWindow` requests at the given offsets, each arriving up to the
 * arrival margin late.
 */
function busiestSlidingWindow(windows: BudgetWindows, durationMs: number, plan: { gapMs: number; offsets: number[]; delays: number[] }[]): number {
  const arrivals: number[] = [];
  let start = 0;
  for (const { gapMs, offsets, delays } of plan) {
    for (const [i, offset] of offsets.slice(0, windows.perWindow).entries()) {
      arrivals.push(start + offset * (windows.windowMs - 1) + delays[i]! * arrivalMarginMs(durationMs));
    }
    start += windows.windowMs + gapMs;
  }
  arrivals.sort((a, b) => a - b);
  let busiest = 0;
  for (let first = 0, last = 0; first < arrivals.length; first++) {
    while (last < arrivals.length && arrivals[last]! < arrivals[first]! + durationMs) last++;
    busiest = Math.max(busiest, last - first);
  }
  return busiest;
}

const unit = fc.double({ min: 0, max: 1, noNaN: true });
/** Offsets and delays as fractions, the extremes (0, 1) often. */
const fractions = fc.array(fc.oneof(fc.constant(0), fc.constant(1), unit), { minLength: 50, maxLength: 50 });
const windowsPlan = fc.array(fc.record({ gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 })), offsets: fractions, delays: fractions }), {
  minLength: 1,
  maxLength: 40,
});

describe('budgetWindows', () => {
  it.each([
    // FlexPortal's documented limit: 10 every 6.78 s, 88.5 a minute.
    [
      { count: 100, durationMs: 60_000 },
      { windowMs: 6778, perWindow: 10 },
    ],
    [
      { count: 5, durationMs: 2000 },
      { windowMs: 2200, perWindow: 2 },
    ],
    [
      { count: 10, durationMs: 1000 },
      { windowMs: 1100, perWindow: 5 },
    ],
    [
      { count: 2, durationMs: 60_000 },
      { windowMs: 61_000, perWindow: 1 },
    ],
  ])('splits %j into %j', (limit, windows) => {
    expect(budgetWindows(limit)).toEqual(windows);
  });

  it('refuses a count that cannot be split (one request per duration)', () => {
    expect(budgetWindows({ count: 1, durationMs: 60_000 })).toBeNull();
  });

  it('never lets more than the count into any sliding window of the duration, arrivals up to the margin late', () => {
    // Counts up to 100, so no window admits more than the 50 offsets generated.
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 1000, max: 120_000 }), windowsPlan, (count, durationMs, plan) => {
        const windows = budgetWindows({ count, durationMs })!;
        return windows.windowMs >= 1000 && busiestSlidingWindow(windows, durationMs, plan) <= count;
      }),
      { numRuns: 2000 },
    );
  });

  it('is needed: one fixed window of the full size lets twice the count through', () => {
    const naive = { windowMs: 60_000, perWindow: 100 };
    const edges = [
      { gapMs: 0, offsets: Array(100).fill(1), delays: Array(100).fill(0) },
      { gapMs: 0, offsets: Array(100).fill(0), delays: Array(100).fill(0) },
    ];
    expect(busiestSlidingWindow(naive, 60_000, edges)).toBe(200);
  });
});

describe('replicaShare', () => {
  it('gives each replica its part of every window, at least one', () => {
    expect(replicaShare({ windowMs: 6778, perWindow: 10 }, 3)).toEqual({ windowMs: 6778, perWindow: 3 });
    expect(replicaShare({ windowMs: 2200, perWindow: 2 }, 4)).toEqual({ windowMs: 2200, perWindow: 1 });
  });
});

describe('callerShare', () => {
  it('gives one caller its fraction of every window, rounded down, at least one', () => {
    // 100/60s: windows of 6.778 s admitting 10; a quarter is 2 of them.
    expect(callerShare(budgetWindows({ count: 100, durationMs: 60_000 })!, 0.25)).toEqual({ windowMs: 6778, perWindow: 2 });
    expect(callerShare({ windowMs: 1100, perWindow: 13 }, 0.25)).toEqual({ windowMs: 1100, perWindow: 3 });
    expect(callerShare({ windowMs: 1100, perWindow: 3 }, 0.1)).toEqual({ windowMs: 1100, perWindow: 1 });
    expect(callerShare({ windowMs: 1100, perWindow: 13 }, 1)).toEqual({ windowMs: 1100, perWindow: 13 });
  });

  it('never gives a caller more than the budget, nor leaves others less than the rest of a window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (perWindow, fraction) => {
        const share = callerShare({ windowMs: 1000, perWindow }, fraction).perWindow;
        return share >= 1 && share <= perWindow && (share === 1 || share <= perWindow * fraction);
      }),
    );
  });
});
