// Answers kept for idempotency keys inside one process (no REDIS_URL): a Map in least recently
// used order, bounded by a number of keys and by the bytes of the answers it holds.
import { keyBusy, type IdempotencyStore, type KeyBegun, type KeyClaim } from '../customers/coordination.js';

export interface MemoryKeysOptions {
  /** How long a key is kept after its request ended (IDEMPOTENCY_TTL). */
  ttlMs: number;
  /** The most keys kept; the least recently used go first. */
  maxKeys?: number;
  /** The most bytes of answers kept, the same way. */
  maxBytes?: number;
}

/** Defaults: 10,000 keys, and 16 MiB of answers (thousands of answers of a few kilobytes). */
const MAX_KEYS = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

interface Running {
  until: number;
  /** Resolves when the claim ends. */
  ended: Promise<void>;
  end: () => void;
}

interface Entry {
  fingerprint: string;
  /** The kept answer; null while the request runs, or when its outcome is unknown. */
  answer: string | null;
  claim: Running | null;
  /** No earlier request with the key: a release forgets it. */
  fresh: boolean;
  expiresAt: number;
}

export class MemoryKeys implements IdempotencyStore {
  /** In least recently used order, the first entry first. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxKeys: number;
  private readonly maxBytes: number;

  constructor(private readonly options: MemoryKeysOptions) {
    this.maxKeys = options.maxKeys ?? MAX_KEYS;
    this.maxBytes = options.maxBytes ?? MAX_BYTES;
  }

  /** Keys kept (or claimed) right now. */
  get size(): number {
    return this.entries.size;
  }

  async begin(id: string, fingerprint: string, claimUntil: number, waitUntil: number): Promise<KeyBegun> {
    const startedAt = Date.now();
    for (;;) {
      const entry = this.live(id);
      if (entry && entry.fingerprint !== fingerprint) return { kind: 'reused' };
      if (entry?.answer != null) {
        this.touch(id, entry);
        return { kind: 'kept', answer: entry.answer };
      }
      const running = entry?.claim;
      if (running && running.until > Date.now()) {
        const waitMs = Math.min(waitUntil, running.until) - Date.now();
        if (Date.now() >= waitUntil) throw keyBusy(Date.now() - startedAt);
        await endedWithin(running, waitMs);
        continue;
      }
      return { kind: 'claimed', afterUnknown: entry !== undefined, claim: this.claim(id, fingerprint, claimUntil, entry) };
    }
  }

  private claim(id: string, fingerprint: string, claimUntil: number, found: Entry | undefined): KeyClaim {
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const running: Running = { until: claimUntil, ended, end };
    const entry: Entry = found ?? { fingerprint, answer: null, claim: null, fresh: true, expiresAt: 0 };
    entry.claim = running;
    entry.expiresAt = Math.max(claimUntil, Date.now() + this.options.ttlMs);
    this.touch(id, entry);
    /** Ends this claim, if it is still the key's, with `change`. */
    const ending = (change: (entry: Entry) => void) => async () => {
      const current = this.entries.get(id);
      if (current?.claim === running) {
        current.claim = null;
        change(current);
      }
      running.end();
      this.evict();
    };
    return {
      keep: async (answer) => {
        const current = this.entries.get(id);
        // An answer kept meanwhile (after this claim lapsed) stays: the first one counts.
        if (current && current.answer === null && current.fingerprint === fingerprint) {
          current.answer = answer;
          current.expiresAt = Date.now() + this.options.ttlMs;
          this.bytes += Buffer.byteLength(answer);
          this.touch(id, current);
        }
        await ending(() => {})();
      },
      unresolved: ending((current) => {
        current.fresh = false;
        current.expiresAt = Date.now() + this.options.ttlMs;
      }),
      release: ending((current) => {
        if (current.fresh) this.forget(id);
      }),
    };
  }

  /** The key's entry, unless it expired (a running claim keeps it). */
  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.expiresAt > Date.now() || (entry.claim && entry.claim.until > Date.now())) return entry;
    this.forget(id);
    return undefined;
  }

  /** Makes the key the most recently used. */
  private touch(id: string, entry: Entry) {
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  private forget(id: string) {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.answer !== null) this.bytes -= Buffer.byteLength(entry.answer);
  }

  /** Drops the least recently used keys while over a bound; never a key whose request still runs. */
  private evict() {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxKeys && this.bytes <= this.maxBytes) return;
      if (!entry.claim) this.forget(id);
    }
  }
}

/** Waits for a claim to end, at most `waitMs`. */
async function endedWithin(running: Running, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, waitMs))));
  try {
    await Promise.race([running.ended, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
