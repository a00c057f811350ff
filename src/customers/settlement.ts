// The write attempts of one update: each is sent only while the update's lock is confirmed held,
// and the lock is released only once those left in flight have settled.
import type { UnsettledWrites } from './backend.js';
import type { HeldLock } from './coordination.js';

export class WriteSettlement implements UnsettledWrites {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly lock: HeldLock) {}

  beforeAttempt(): Promise<void> {
    return this.lock.confirm();
  }

  add(settled: Promise<void>): void {
    // The backend settles attempts itself (answered, or cut at its hard limit); a rejection
    // means the same: the attempt is over.
    const over = settled.catch(() => undefined).finally(() => this.pending.delete(over));
    this.pending.add(over);
  }

  /** Attempts still in flight. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves once every attempt added so far (and any added meanwhile) has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Like `settled`, but gives up at `untilAt` (epoch ms): true when every attempt had settled by then. */
  async settledBy(untilAt: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, Math.max(0, untilAt - Date.now()), false)));
    try {
      return await Promise.race([this.settled().then(() => true), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
