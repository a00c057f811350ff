// Every way a write can fail, on both backends and on Flowglad's archive, with the change stored
// by the backend before it answered (emulator fault `afterApply`) and without: the answer must be
// true. Only an answer that proves a refusal (a 4xx) is NOT_WRITTEN without reading back; any
// other failure once sent (5xx, dropped connection, timeout) is read back: stored → success with
// its changes, not stored → UNKNOWN. The stored record is then compared with the answer.
import { afterEach, describe, expect, it } from 'vitest';
import { useStack, type Stack } from './support/stack.js';
import { update } from './support/update.js';

const stack = useStack(
  {
    BACKEND_TIMEOUT_MS: '300',
    BACKEND_RETRIES: '2',
    BACKEND_RETRY_BASE_MS: '50',
    WRITE_SETTLE_LIMIT_MS: '4000',
    // The breaker has its own test file; here it must never open, so each case stands alone.
    BREAKER_MIN_RPS: '10000',
  },
  { FLEXPORTAL_EMULATOR_RATE_LIMIT: '100000' },
);
afterEach(() => Promise.all([stack.flowglad.control('DELETE', 'faults'), stack.flexportal.control('DELETE', 'faults')]));

interface Target {
  name: string;
  emulator: 'flowglad' | 'flexportal';
  source: string;
  key: string;
  /** The write's HTTP method (what the fault matches; reads are GETs). */
  method: 'PUT' | 'POST';
  input: Record<string, unknown>;
  before: string;
  after: string;
  /** The value the change sets, as the emulator stores it now. */
  stored(s: Stack): Promise<string>;
  change: { field: string[]; from: string | null; to: string };
}

const TARGETS: Target[] = [
  {
    name: 'FlexPortal PUT',
    emulator: 'flexportal',
    source: 'flexportal',
    key: 'cus_1003',
    method: 'PUT',
    input: { company: 'Outcome Co' },
    before: 'none',
    after: 'Outcome Co',
    stored: async (s) => String((await s.flexportal.record('cus_1003')).company ?? 'none'),
    change: { field: ['company'], from: null, to: 'Outcome Co' },
  },
  {
    name: 'Flowglad PUT',
    emulator: 'flowglad',
    source: 'flowglad',
    key: 'initech',
    method: 'PUT',
    input: { domain: 'outcome.test' },
    before: 'none',
    after: 'outcome.test',
    stored: async (s) => String((await s.flowglad.record('initech')).domain ?? 'none'),
    change: { field: ['domain'], from: null, to: 'outcome.test' },
  },
  {
    name: 'Flowglad archive (POST)',
    emulator: 'flowglad',
    source: 'flowglad',
    key: 'tyrell',
    method: 'POST',
    input: { status: 'ARCHIVED' },
    before: 'ACTIVE',
    after: 'ARCHIVED',
    // Flowglad answers 404 for an archived customer.
    stored: async (s) => {
      const res = await fetch(`${s.flowglad.url}/api/v1/customers/tyrell`, { headers: { authorization: 'sk_test_emulator' } });
      if (res.status === 404) return 'ARCHIVED';
      expect(res.status).toBe(200);
      return 'ACTIVE';
    },
    change: { field: ['status'], from: 'ACTIVE', to: 'ARCHIVED' },
  },
];

interface Failure {
  name: string;
  fault: Record<string, unknown>;
  /** What the answer must be when the change was not stored first. */
  unstored: { code: string; outcome: 'NOT_WRITTEN' | 'UNKNOWN' } | 'success';
  /** Whether the answer proves a refusal (4xx): then it is taken at its word, stored or not. */
  refusal: boolean;
}

const FAILURES: Failure[] = [
  { name: '403', fault: { status: 403 }, unstored: { code: 'FORBIDDEN', outcome: 'NOT_WRITTEN' }, refusal: true },
  { name: '429', fault: { status: 429 }, unstored: { code: 'RATE_LIMITED', outcome: 'NOT_WRITTEN' }, refusal: true },
  ...[500, 501, 502, 503, 504, 507].map(
    (status): Failure => ({
      name: String(status),
      fault: { status },
      unstored: { code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN' },
      refusal: false,
    }),
  ),
  { name: 'a dropped connection', fault: { dropConnection: true }, unstored: { code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN' }, refusal: false },
  // Without afterApply the backend handles the write once the latency is over: it lands while
  // the update waits for its attempts to settle, and the read-back finds it.
  { name: 'a timeout (latency 700 ms)', fault: { latencyMs: 700 }, unstored: 'success', refusal: false },
];

/** The emulator's log as "METHOD status", once every request in it has been answered (or dropped). */
async function settledLog(s: Stack, emulator: Target['emulator']): Promise<string[]> {
  for (let tries = 0; ; tries++) {
    const requests = await s[emulator].requests();
    if (requests.every((r) => r.status !== null) || tries === 100) return requests.map((r) => `${r.method} ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(TARGETS)('a write to $name', (target) => {
  describe.each(FAILURES)('answered $name', (failure) => {
    it.each([false, true])('afterApply %s: the answer says what the backend stored', async (afterApply) => {
      // Every attempt gets the fault (PUTs are tried three times; the archive once).
      await stack[target.emulator].fault({ ...failure.fault, method: target.method, count: 3, afterApply });
      const result = await update(stack, target.source, target.key, target.input);
      const log = await settledLog(stack, target.emulator);
      const stored = await target.stored(stack);
      const readBack = log.slice(1).some((line) => line.startsWith('GET'));

      if (failure.refusal) {
        // A 4xx proves the backend refused the write: NOT_WRITTEN, without reading back (an
        // emulator told to store first lies; a real backend does not).
        expect(result.data).toBeNull();
        expect(result.errors![0]!.extensions).toMatchObject({ ...(failure.unstored as object), source: target.source });
        expect(result.errors![0]!.message).toContain('Nothing was written');
        expect(readBack).toBe(false);
        if (!afterApply) expect(stored).toBe(target.before);
        return;
      }
      expect(readBack).toBe(true);
      if (afterApply || failure.unstored === 'success') {
        expect(result.errors).toBeUndefined();
        expect(result.data!.updateCustomer.userErrors).toEqual([]);
        expect(result.data!.updateCustomer.changes).toContainEqual(target.change);
        expect(stored).toBe(target.after);
      } else {
        expect(result.data).toBeNull();
        expect(result.errors![0]!.extensions).toMatchObject({ ...failure.unstored, source: target.source });
        expect(result.errors![0]!.message).toContain('may or may not have been applied');
        expect(stored).toBe(target.before);
      }
    });
  });
});
