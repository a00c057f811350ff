// How a rate limit of `count` per `duration` becomes fixed windows that never let more than
// `count` requests into ANY window of that duration, as a backend measuring a sliding window sees
// them. A fixed window (or token bucket) of the full size lets up to twice the count through
// across a window boundary. Windows of length w, back to back, meet an interval of length L at
// most ceil(L / w) + 1 times; with w = ceil(L / k) that is k + 1, so each window may admit
// floor(count / (k + 1)).
import type { RateLimit } from '../customers/coordination.js';

export interface BudgetWindows {
  windowMs: number;
  perWindow: number;
}

/** Windows are at least this long (Redis keeps a window as a key with a TTL). */
export const MIN_WINDOW_MS = 1000;
/** At most this many windows per duration, so a window still admits a useful burst. */
export const MAX_WINDOWS_PER_DURATION = 10;

/**
 * Room for the time between a request being counted (as its attempt starts) and its arrival at
 * the backend: the windows cover the duration plus this margin.
 */
export function arrivalMarginMs(durationMs: number): number {
  return Math.min(1000, Math.round(durationMs / 10));
}

/** The windows with the highest throughput for a limit, or null when the count is too small to split (under 2). */
export function budgetWindows({ count, durationMs }: RateLimit): BudgetWindows | null {
  const span = durationMs + arrivalMarginMs(durationMs);
  let best: BudgetWindows | null = null;
  for (let k = 1; k <= MAX_WINDOWS_PER_DURATION; k++) {
    const windowMs = Math.ceil(span / k);
    const perWindow = Math.floor(count / (k + 1));
    if (windowMs < MIN_WINDOW_MS || perWindow < 1) break;
    // Only a clearly higher rate wins: on a tie, fewer, larger windows admit bigger bursts.
    if (!best || perWindow / windowMs > (best.perWindow / best.windowMs) * 1.001) best = { windowMs, perWindow };
  }
  return best;
}

/** One replica's part of a shared budget while the shared store is unreachable: at least one a window. */
export function replicaShare(windows: BudgetWindows, replicas: number): BudgetWindows {
  return { windowMs: windows.windowMs, perWindow: Math.max(1, Math.floor(windows.perWindow / replicas)) };
}

/** One caller's part of a budget's windows: `fraction` of each window, at least one turn. */
export function callerShare(windows: BudgetWindows, fraction: number): BudgetWindows {
  return { windowMs: windows.windowMs, perWindow: Math.max(1, Math.floor(windows.perWindow * fraction)) };
}

/** A limit's windows; config.ts has already refused limits that cannot be split. */
export function windowsOf(limit: RateLimit): BudgetWindows {
  const windows = budgetWindows(limit);
  if (!windows) throw new Error(`rate limit ${limit.count}/${limit.durationMs}ms cannot be split into windows`);
  return windows;
}
