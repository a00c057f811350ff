// What an update answers when a write's outcome is not known from its answer: the customer is read
// back (after every attempt sent has settled) and the answer says what happened. Stored → success
// with its changes; provably never sent → BACKEND_UNAVAILABLE, outcome NOT_WRITTEN; otherwise
// outcome UNKNOWN; a part failing after others were written → BACKEND_FAILED beside the changes.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';
import { FAST_FAULT_POLICY } from './support/policy.js';
import { timed, useStack, type Stack } from './support/stack.js';
import { update } from './support/update.js';

const POLICY = { ...FAST_FAULT_POLICY, LOCK_WAIT_MS: '600' };

/** A port nothing listens on: connections to it are refused. */
const refusingPort = await freePort();

const stack = useStack({
  ...POLICY,
  SOURCES: 'flowglad,flexportal,flowglad-down',
  SOURCE_FLOWGLAD_DOWN_URL: `http://127.0.0.1:${refusingPort}`,
  SOURCE_FLOWGLAD_DOWN_API_KEY: 'sk_test_emulator',
});

const clearFaults = (s: Stack) => Promise.all([s.flowglad.control('DELETE', 'faults'), s.flexportal.control('DELETE', 'faults')]);
afterEach(() => clearFaults(stack));

/** The emulator's log as "METHOD status", once every request in it has been answered (or dropped). */
async function log(s: Stack, emulator: 'flowglad' | 'flexportal'): Promise<string[]> {
  for (let tries = 0; ; tries++) {
    const requests = await s[emulator].requests();
    if (requests.every((r) => r.status !== null) || tries === 100) return requests.map((r) => `${r.method} ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a write whose answer never came', () => {
  it('is a success with its changes when the values are stored: every attempt stored, then answered too late', async () => {
    await stack.flexportal.fault({ method: 'PUT', count: 3, latencyMs: 1000, afterApply: true });
    const result = await update(stack, 'flexportal', 'cus_1003', { company: 'Late But Stored' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
    expect(result.data!.updateCustomer.changes).toEqual([{ field: ['company'], from: null, to: 'Late But Stored' }]);
    expect(result.data!.updateCustomer.customer!.company).toBe('Late But Stored');
    const requests = await stack.flexportal.requests();
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 200', 'PUT 200', 'PUT 200', 'GET 200']);
    // The read-back came after the last attempt's late answer: it waited for them to settle.
    expect(requests[4]!.receivedAt).toBeGreaterThanOrEqual(requests[3]!.receivedAt + 1000);
  });

  it('is a success with its changes when the values are stored: every connection dropped after storing', async () => {
    await stack.flowglad.fault({ method: 'PUT', count: 3, dropConnection: true, afterApply: true });
    const result = await update(stack, 'flowglad', 'initech', { domain: 'initech.test' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCustomer.changes).toEqual([{ field: ['domain'], from: null, to: 'initech.test' }]);
    expect(await log(stack, 'flowglad')).toEqual(['GET 200', 'PUT 0', 'PUT 0', 'PUT 0', 'GET 200']);
  });

  it('is BACKEND_UNAVAILABLE with outcome UNKNOWN when it was sent and the values are not stored, saying a retry is safe', async () => {
    await stack.flowglad.fault({ method: 'PUT', count: 3, dropConnection: true });
    const result = await update(stack, 'flowglad', 'initech', { domain: 'lost.test' });
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN', source: 'flowglad' });
    expect(result.errors![0]!.message).toContain('may or may not have been applied');
    expect(result.errors![0]!.message).toContain('retrying the same update is safe');
    expect(await log(stack, 'flowglad')).toEqual(['GET 200', 'PUT 0', 'PUT 0', 'PUT 0', 'GET 200']);
    expect((await stack.flowglad.record('initech')).domain).toBeNull();
  });

  it('is BACKEND_UNAVAILABLE with outcome NOT_WRITTEN when the source refuses connections', async () => {
    const result = await update(stack, 'flowglad-down', 'acme-corp', { domain: 'never.test' });
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'NOT_WRITTEN', source: 'flowglad-down' });
    expect(result.errors![0]!.message).toContain('Nothing was written');
  });
});

describe('an update written in two calls (Flowglad fields, then the archive)', () => {
  it('answers the fields written in changes and BACKEND_FAILED on status when the archive fails, never data: null', async () => {
    await stack.flowglad.fault({ method: 'POST', status: 503 });
    const result = await update(stack, 'flowglad', 'tyrell', { domain: 'tyrell.test', status: 'ARCHIVED' });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.updateCustomer;
    expect(payload.changes).toEqual([{ field: ['domain'], from: null, to: 'tyrell.test' }]);
    expect(payload.userErrors).toEqual([
      { field: ['input', 'status'], code: 'BACKEND_FAILED', message: expect.stringContaining('may or may not have been applied') },
    ]);
    expect(payload.customer).toMatchObject({ domain: 'tyrell.test', status: 'ACTIVE' });
    // The archive was not retried; the customer was read back to find out what it did.
    expect(await log(stack, 'flowglad')).toEqual(['GET 200', 'PUT 200', 'POST 503', 'GET 200']);
    expect(await stack.flowglad.record('tyrell')).toMatchObject({ domain: 'tyrell.test', archived: false });
  });

  it("takes the read-back's 404 after an unanswered archive as archived: success", async () => {
    await stack.flowglad.fault({ method: 'POST', dropConnection: true, afterApply: true });
    const result = await update(stack, 'flowglad', 'tyrell', { domain: 'tyrell.test', status: 'ARCHIVED' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
    expect(result.data!.updateCustomer.changes).toEqual([
      { field: ['domain'], from: null, to: 'tyrell.test' },
      { field: ['status'], from: 'ACTIVE', to: 'ARCHIVED' },
    ]);
    expect(result.data!.updateCustomer.customer).toMatchObject({ domain: 'tyrell.test', status: 'ARCHIVED' });
    expect(await log(stack, 'flowglad')).toEqual(['GET 200', 'PUT 200', 'POST 0', 'GET 404']);
  });
});

describe("a customer's lock", () => {
  it('is held until a timed-out write has settled, and an update waiting longer than LOCK_WAIT_MS gets CUSTOMER_BUSY, writing nothing', async () => {
    // The first PUT attempt is held 1.5 s before it is handled; its retry is answered at once.
    await stack.flexportal.fault({ method: 'PUT', latencyMs: 1500 });
    const [first, firstMs] = await timed(() => update(stack, 'flexportal', 'cus_1006', { company: 'First' }));
    expect(first.data!.updateCustomer.userErrors).toEqual([]);
    // Answered without waiting for the first attempt, which still holds the lock.
    expect(firstMs).toBeLessThan(1400);
    const [second, secondMs] = await timed(() => update(stack, 'flexportal', 'cus_1006', { phone: '+33612345678' }));
    expect(second.errors![0]!.extensions).toMatchObject({ code: 'CUSTOMER_BUSY', retryAfterSeconds: 1 });
    expect(second.errors![0]!.message).toContain('nothing was written');
    expect(secondMs).toBeGreaterThanOrEqual(550);
    expect(await log(stack, 'flexportal')).toEqual(['GET 200', 'PUT 200', 'PUT 200']);
    expect((await stack.flexportal.record('cus_1006')).phone ?? null).toBeNull();
  });
});

describe('a write that never got a connection', () => {
  // One connection, no retries: a write kept open after its timeout holds the only connection.
  const single = useStack({ ...POLICY, BACKEND_CONNECTIONS: '1', BACKEND_RETRIES: '0', BACKEND_TIMEOUT_MS: '1000', WRITE_SETTLE_LIMIT_MS: '8000' });
  afterEach(() => clearFaults(single));

  it('is NOT_WRITTEN; the write that held the connection is stored late and answered as a success', async () => {
    // Pool order: initech's read (slow), globex's read (queued, slower), initech's write (queued
    // behind it; once sent it is held 5 s), then globex's write, which waits for the connection
    // until its timeout and is never sent.
    await single.flowglad.fault({ method: 'GET', pathPrefix: '/api/v1/customers/initech', latencyMs: 300 });
    await single.flowglad.fault({ method: 'GET', pathPrefix: '/api/v1/customers/globex', latencyMs: 500 });
    await single.flowglad.fault({ method: 'PUT', pathPrefix: '/api/v1/customers/initech', latencyMs: 5000 });
    const holder = update(single, 'flowglad', 'initech', { domain: 'initech.test' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const waiter = await update(single, 'flowglad', 'globex', { domain: 'globex.test' });
    expect(waiter.data).toBeNull();
    expect(waiter.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'NOT_WRITTEN', source: 'flowglad' });

    const stored = await holder;
    expect(stored.errors).toBeUndefined();
    expect(stored.data!.updateCustomer.changes).toEqual([{ field: ['domain'], from: null, to: 'initech.test' }]);
    expect((await single.flowglad.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/customers/initech',
      'GET /api/v1/customers/globex',
      'PUT /api/v1/customers/initech',
      'GET /api/v1/customers/initech',
    ]);
    expect((await single.flowglad.record('globex')).domain).toBe('globex.example');
  });
});
