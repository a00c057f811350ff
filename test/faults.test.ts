// Backend faults: timeouts, 5xx, 429, dropped connections, an outage (the breaker: breaker.test.ts).
// Each test checks the answer, its code, how long it took, the attempts the backend saw, and
// what is stored afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { timed, useStack } from './support/stack.js';
import { update } from './support/update.js';

const POLICY = {
  BACKEND_TIMEOUT_MS: '300',
  BACKEND_DEADLINE_MS: '2500',
  BACKEND_RETRIES: '2',
  BACKEND_RETRY_BASE_MS: '50',
  // The breaker has its own test file; here it must never open, so each test stands alone.
  BREAKER_MIN_RPS: '10000',
};
const stack = useStack(POLICY, { FLEXPORTAL_EMULATOR_RATE_LIMIT: '10000' });

afterEach(async () => {
  await Promise.all([stack.flowglad.control('DELETE', 'faults'), stack.flexportal.control('DELETE', 'faults')]);
});

const statuses = async (emulator: 'flowglad' | 'flexportal') => (await stack[emulator].requests()).map((r) => `${r.method} ${r.status}`);

describe('faults', () => {
  it('gives up on a source slower than the timeout after 3 attempts, within the deadline, writing nothing', async () => {
    await stack.flowglad.fault({ count: 10, latencyMs: 1500 });
    const [result, ms] = await timed(() => update(stack, 'flowglad', 'globex', { email: 'slow@globex.example' }));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', source: 'flowglad' });
    expect(result.errors![0]!.message).toContain('did not answer within 300 ms');
    expect(ms).toBeGreaterThan(900);
    expect(ms).toBeLessThan(2500 + 500);
    const log = await stack.flowglad.requests();
    expect(log.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    await stack.flowglad.control('DELETE', 'faults');
    expect((await stack.flowglad.record('globex')).email).toBe('ap@globex.example');
  });

  it('retries two 503s and then succeeds', async () => {
    await stack.flexportal.fault({ count: 2, status: 503 });
    const [result, ms] = await timed(() => update(stack, 'flexportal', 'cus_1003', { company: 'Wei Labs' }));
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
    expect(ms).toBeLessThan(1500);
    expect(await statuses('flexportal')).toEqual(['GET 503', 'GET 503', 'GET 200', 'PUT 200']);
    expect((await stack.flexportal.record('cus_1003')).company).toBe('Wei Labs');
  });

  it('waits out a 429 with Retry-After: 1 and then succeeds', async () => {
    await stack.flexportal.fault({ status: 429, retryAfter: 1 });
    const [result, ms] = await timed(() => update(stack, 'flexportal', 'cus_1003', { company: 'Patient Co' }));
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2500);
    expect(await statuses('flexportal')).toEqual(['GET 429', 'GET 200', 'PUT 200']);
    expect((await stack.flexportal.record('cus_1003')).company).toBe('Patient Co');
  });

  it('does not wait for a Retry-After beyond the deadline: RATE_LIMITED with retryAfterSeconds, at once', async () => {
    await stack.flexportal.fault({ status: 429, retryAfter: 3600 });
    const [result, ms] = await timed(() => update(stack, 'flexportal', 'cus_1003', { company: 'Impatient Co' }));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3600, source: 'flexportal' });
    expect(ms).toBeLessThan(500);
    expect(await statuses('flexportal')).toEqual(['GET 429']);
    expect((await stack.flexportal.record('cus_1003')).company ?? null).toBeNull();
  });

  it('retries a PUT whose connection was dropped, and stores the update once', async () => {
    await stack.flowglad.fault({ count: 1 }); // the read passes untouched
    await stack.flowglad.fault({ dropConnection: true }); // the write's connection is cut
    const [result, ms] = await timed(() => update(stack, 'flowglad', 'initech', { domain: 'initech.test' }));
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
    expect(result.data!.updateCustomer.changes).toEqual([{ field: ['domain'], from: null, to: 'initech.test' }]);
    expect(ms).toBeLessThan(1500);
    expect(await statuses('flowglad')).toEqual(['GET 200', 'PUT 0', 'PUT 200']);
    expect((await stack.flowglad.record('initech')).domain).toBe('initech.test');
  });

  it('never retries the archive call: it reads the customer back instead, and says the outcome is unknown', async () => {
    await stack.flowglad.fault({ count: 1 });
    await stack.flowglad.fault({ status: 503 });
    const result = await update(stack, 'flowglad', 'tyrell', { status: 'ARCHIVED' });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(await statuses('flowglad')).toEqual(['GET 200', 'POST 503', 'GET 200']);
    expect((await stack.flowglad.record('tyrell')).archived).toBe(false);
  });

  it('keeps serving one source while the other is down', async () => {
    await stack.flowglad.fault({ count: 100, status: 503 });
    const query = `{
      down: customerByExternalId(source: "flowglad", externalId: "acme-corp") { name }
      up: customerByExternalId(source: "flexportal", externalId: "cus_1001") { name }
    }`;
    const [result, ms] = await timed(() => stack.graphql.raw({ query }));
    expect(result.data).toEqual({ down: null, up: { name: 'Emma Larsson' } });
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['down'], extensions: expect.objectContaining({ code: 'BACKEND_UNAVAILABLE', source: 'flowglad' }) }),
    ]);
    expect(ms).toBeLessThan(2500);
    expect(await statuses('flowglad')).toEqual(['GET 503', 'GET 503', 'GET 503']);
  });
});

describe('a call that times out while it waits for a connection', () => {
  const single = useStack({ ...POLICY, BACKEND_CONNECTIONS: '1', BACKEND_RETRIES: '0' });

  it('is answered at its timeout and never sent', async () => {
    // One connection: the read of acme-corp holds it (slow), the read of globex waits for it.
    await single.flowglad.fault({ latencyMs: 1500 });
    const query = `{
      first: customerByExternalId(source: "flowglad", externalId: "acme-corp") { name }
      queued: customerByExternalId(source: "flowglad", externalId: "globex") { name }
    }`;
    const [result, ms] = await timed(() => single.graphql.raw({ query }));
    expect(result.data).toEqual({ first: null, queued: null });
    for (const path of ['first', 'queued']) {
      expect(result.errors).toContainEqual(expect.objectContaining({ path: [path], message: expect.stringContaining('did not answer within 300 ms') }));
    }
    expect(ms).toBeLessThan(1000);
    expect((await single.flowglad.requests()).map((r) => r.path)).toEqual(['/api/v1/customers/acme-corp']);
    // The pool is usable again afterwards.
    const after = await single.graphql.raw({ query: '{ customerByExternalId(source: "flowglad", externalId: "globex") { name } }' });
    expect(after.errors).toBeUndefined();
  });
});
