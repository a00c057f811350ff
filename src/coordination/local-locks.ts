// In-process locks by name: first come, first served per name, with a bounded wait; different
// names never wait for each other.
import { customerBusy } from '../customers/coordination.js';

export interface LockTimings {
  /** Longest wait for a lock someone else holds. */
  waitMs: number;
}

export class LocalLocks {
  /** For each held name, the waiters in line (a name is held while it has an entry). */
  private readonly lines = new Map<string, (() => void)[]>();

  /** Resolves with the function that releases the lock; rejects with CUSTOMER_BUSY after `waitMs` in line. */
  acquire(name: string, waitMs: number): Promise<() => void> {
    const line = this.lines.get(name);
    if (!line) {
      this.lines.set(name, []);
      return Promise.resolve(this.releaser(name));
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(this.releaser(name));
      };
      const timer = setTimeout(() => {
        line.splice(line.indexOf(grant), 1);
        reject(customerBusy(waitMs));
      }, waitMs);
      line.push(grant);
    });
  }

  /** Names held right now. */
  get held(): number {
    return this.lines.size;
  }

  private releaser(name: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.lines.get(name)!.shift();
      if (next) next();
      else this.lines.delete(name);
    };
  }
}
