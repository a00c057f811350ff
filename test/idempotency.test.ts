// updateCustomer with an idempotencyKey over real processes: the first completed answer is
// replayed to a retry without a backend call (the emulators' request logs show none), another
// input is refused writing nothing, concurrent requests write once, an unknown outcome is resolved
// by the retry; through one replica with two callers, and through two replicas on Redis.
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateCustomerOnceDocument, type UpdateCustomerInput, type UpdateCustomerOnceMutation } from './generated/graphql.js';
import { FAST_FAULT_POLICY } from './support/policy.js';
import { globalId, useReplicasOnRedis, useStack, type EmulatorClient, type GraphQLClient, type GraphQLResult } from './support/stack.js';

type Fields = Omit<UpdateCustomerInput, 'id'>;
type Answer = GraphQLResult<UpdateCustomerOnceMutation>;

// Attempts get 2 s, far above the 250 ms the concurrent tests hold their PUT: with the fast policy's
// 300 ms a loaded machine timed that PUT out and retried it (PUT is idempotent), a second PUT of the
// same request that the log cannot tell from a second writer. The faults here drop connections or
// answer at once, so nothing else waits on the timeout.
const POLICY = { ...FAST_FAULT_POLICY, BACKEND_TIMEOUT_MS: '2000' };

function updateVia(client: GraphQLClient, source: string, key: string, fields: Fields, options: { withChanges?: boolean; apiKey?: string } = {}) {
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  return client.execute(UpdateCustomerOnceDocument, { input: { id: globalId(source, key), ...fields }, withChanges: options.withChanges ?? true }, headers);
}

/** The payload of an answer without top-level errors. */
function payloadOf(answer: Answer) {
  expect(answer.errors).toBeUndefined();
  return answer.data!.updateCustomer;
}

/** A payload as a replay of it must read: the same, but replayed. */
const replayOf = (answer: Answer) => ({ ...payloadOf(answer), replayed: true });

/** The emulator's log as "METHOD status", once every request in it has been answered (or dropped). */
async function log(emulator: EmulatorClient): Promise<string[]> {
  for (let tries = 0; ; tries++) {
    const requests = await emulator.requests();
    if (requests.every((r) => r.status !== null) || tries === 100) return requests.map((r) => `${r.method} ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('one replica, two callers', () => {
  const [KEY_A, KEY_B] = ['caller-a-key', 'caller-b-key'];
  // Two API keys: two callers. Their shares of the budgets are whole, so no test is refused for them.
  const stack = useStack({ ...POLICY, API_KEYS: `${KEY_A},${KEY_B}`, CALLER_SHARE: '1', SOURCE_FLEXPORTAL_RATE_LIMIT: 'none' });
  afterEach(() => Promise.all([stack.flowglad.control('DELETE', 'faults'), stack.flexportal.control('DELETE', 'faults')]));
  const update = (source: string, key: string, fields: Fields, options: { withChanges?: boolean; apiKey?: string } = {}) =>
    updateVia(stack.graphql, source, key, fields, { apiKey: KEY_A, ...options });

  it('replays the first answer after success, changes included, without a backend call', async () => {
    const first = await update('flexportal', 'cus_1002', { company: 'Once AB', idempotencyKey: 'success' });
    expect(payloadOf(first)).toMatchObject({ changes: [{ field: ['company'], from: expect.any(String), to: 'Once AB' }], userErrors: [], replayed: false });
    const before = await log(stack.flexportal);
    const retry = await update('flexportal', 'cus_1002', { company: 'Once AB', idempotencyKey: 'success' });
    expect(payloadOf(retry)).toEqual(replayOf(first));
    expect(await log(stack.flexportal)).toEqual(before);
    // Without the key, the same update reads, finds nothing to change, and says so.
    expect(payloadOf(await update('flexportal', 'cus_1002', { company: 'Once AB' }))).toMatchObject({ changes: [], replayed: false });
  });

  it('replays a user error the backend answered (REJECTED_BY_BACKEND), without a backend call', async () => {
    // FlexPortal refuses an email another customer has.
    const first = await update('flexportal', 'cus_1001', { email: 'procurement@brightdesk.example', idempotencyKey: 'rejected' });
    expect(payloadOf(first).userErrors).toEqual([expect.objectContaining({ field: ['input', 'email'], code: 'REJECTED_BY_BACKEND' })]);
    const before = await log(stack.flexportal);
    expect(payloadOf(await update('flexportal', 'cus_1001', { email: 'procurement@brightdesk.example', idempotencyKey: 'rejected' }))).toEqual(replayOf(first));
    expect(await log(stack.flexportal)).toEqual(before);
  });

  it('replays a NOT_APPLIED, without a backend call, though the backend would store the value now', async () => {
    await stack.flowglad.fault({ method: 'PUT', ignoreFields: ['domain'] });
    const first = await update('flowglad', 'globex', { domain: 'globex.test', idempotencyKey: 'not-applied' });
    expect(payloadOf(first).userErrors).toEqual([expect.objectContaining({ field: ['input', 'domain'], code: 'NOT_APPLIED' })]);
    const before = await log(stack.flowglad);
    expect(payloadOf(await update('flowglad', 'globex', { domain: 'globex.test', idempotencyKey: 'not-applied' }))).toEqual(replayOf(first));
    expect(await log(stack.flowglad)).toEqual(before);
    expect((await stack.flowglad.record('globex')).domain).not.toBe('globex.test');
  });

  it('resolves an UNKNOWN outcome on the retry, which reads back, writes what is not stored, and is then replayed', async () => {
    // Sent, connection dropped, nothing stored: read back, not found stored.
    await stack.flowglad.fault({ method: 'PUT', count: 3, dropConnection: true });
    const unknown = await update('flowglad', 'initech', { domain: 'initech.test', idempotencyKey: 'unknown-lost' }, { withChanges: false });
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(await log(stack.flowglad)).toEqual(['PUT 0', 'PUT 0', 'PUT 0', 'GET 200']);
    const retry = await update('flowglad', 'initech', { domain: 'initech.test', idempotencyKey: 'unknown-lost' }, { withChanges: false });
    expect(payloadOf(retry)).toMatchObject({ customer: { domain: 'initech.test' }, userErrors: [], replayed: false });
    // A read first (though `changes` is not selected), then the write.
    expect((await log(stack.flowglad)).slice(4)).toEqual(['GET 200', 'PUT 200']);
    expect(payloadOf(await update('flowglad', 'initech', { domain: 'initech.test', idempotencyKey: 'unknown-lost' }, { withChanges: false }))).toEqual(
      replayOf(retry),
    );
    expect(await log(stack.flowglad)).toHaveLength(6);
  });

  it('after an UNKNOWN outcome that was in fact stored, the retry reads it back and writes nothing again', async () => {
    // Stored, every answer lost, and the read-back fails too.
    await stack.flowglad.fault({ method: 'PUT', count: 3, dropConnection: true, afterApply: true });
    await stack.flowglad.fault({ method: 'GET', count: 3, status: 503 });
    const unknown = await update('flowglad', 'initech', { domain: 'stored.test', idempotencyKey: 'unknown-stored' }, { withChanges: false });
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(await log(stack.flowglad)).toEqual(['PUT 0', 'PUT 0', 'PUT 0', 'GET 503', 'GET 503', 'GET 503']);
    const retry = await update('flowglad', 'initech', { domain: 'stored.test', idempotencyKey: 'unknown-stored' }, { withChanges: false });
    expect(payloadOf(retry)).toMatchObject({ customer: { domain: 'stored.test' }, userErrors: [], replayed: false });
    expect((await log(stack.flowglad)).slice(6)).toEqual(['GET 200']);
    expect(payloadOf(await update('flowglad', 'initech', { domain: 'stored.test', idempotencyKey: 'unknown-stored' }, { withChanges: false }))).toEqual(
      replayOf(retry),
    );
    expect(await log(stack.flowglad)).toHaveLength(7);
  });

  it('refuses the key with another input (IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
    const first = await update('flexportal', 'cus_1003', { company: 'First', idempotencyKey: 'reused' });
    expect(payloadOf(first).userErrors).toEqual([]);
    const before = await log(stack.flexportal);
    for (const fields of [{ company: 'Second' }, { company: 'First', phone: '+46705550123' }]) {
      expect(payloadOf(await update('flexportal', 'cus_1003', { ...fields, idempotencyKey: 'reused' }))).toEqual({
        customer: null,
        changes: [],
        userErrors: [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('another input') }],
        clientMutationId: null,
        replayed: false,
      });
    }
    expect(payloadOf(await update('flexportal', 'cus_1004', { company: 'First', idempotencyKey: 'reused' })).userErrors[0]!.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await log(stack.flexportal)).toEqual(before);
    expect((await stack.flexportal.record('cus_1003')).company).toBe('First');
  });

  it('writes once for two concurrent requests with one key: the second waits for the first and replays its answer', async () => {
    await stack.flexportal.fault({ method: 'PUT', latencyMs: 250 });
    const both = await Promise.all(
      [0, 1].map(() => update('flexportal', 'cus_1005', { company: 'Concurrent', idempotencyKey: 'concurrent' }, { withChanges: false })),
    );
    expect(both.map((answer) => payloadOf(answer).replayed).sort()).toEqual([false, true]);
    expect(replayOf(both[0]!)).toEqual(replayOf(both[1]!));
    expect(await log(stack.flexportal)).toEqual(['PUT 200']);
  });

  it('keeps two callers’ answers apart: the same key of each is its own', async () => {
    const a = await update('flexportal', 'cus_1006', { company: 'Caller A', idempotencyKey: 'same-key' }, { apiKey: KEY_A });
    const b = await update('flexportal', 'cus_1006', { company: 'Caller B', idempotencyKey: 'same-key' }, { apiKey: KEY_B });
    expect([payloadOf(a), payloadOf(b)]).toEqual([
      expect.objectContaining({ userErrors: [], replayed: false, customer: expect.objectContaining({ company: 'Caller A' }) }),
      expect.objectContaining({ userErrors: [], replayed: false, customer: expect.objectContaining({ company: 'Caller B' }) }),
    ]);
    expect(payloadOf(await update('flexportal', 'cus_1006', { company: 'Caller A', idempotencyKey: 'same-key' }, { apiKey: KEY_A }))).toEqual(replayOf(a));
    expect(payloadOf(await update('flexportal', 'cus_1006', { company: 'Caller B', idempotencyKey: 'same-key' }, { apiKey: KEY_B }))).toEqual(replayOf(b));
  });
});

describe('two replicas on Redis', () => {
  const TTL_MS = 2000;
  const { redis, stack } = useReplicasOnRedis(2, { ...POLICY, IDEMPOTENCY_TTL: `${TTL_MS}ms` });
  const [one, other] = [() => stack.replicas[0]!.graphql, () => stack.replicas[1]!.graphql];

  it('replays through the other replica, without a backend call', async () => {
    await stack.flexportal.reset();
    const first = await updateVia(one(), 'flexportal', 'cus_1002', { company: 'Replica One', idempotencyKey: 'across' });
    expect(payloadOf(first)).toMatchObject({ userErrors: [], replayed: false });
    const before = await log(stack.flexportal);
    expect(payloadOf(await updateVia(other(), 'flexportal', 'cus_1002', { company: 'Replica One', idempotencyKey: 'across' }))).toEqual(replayOf(first));
    expect(await log(stack.flexportal)).toEqual(before);
  });

  it('writes once for two concurrent requests with one key through the two replicas', async () => {
    await stack.flexportal.reset();
    await stack.flexportal.fault({ method: 'PUT', latencyMs: 250 });
    const both = await Promise.all(
      [one(), other()].map((client) => updateVia(client, 'flexportal', 'cus_1003', { company: 'Both', idempotencyKey: 'concurrent' }, { withChanges: false })),
    );
    expect(both.map((answer) => payloadOf(answer).replayed).sort()).toEqual([false, true]);
    expect(replayOf(both[0]!)).toEqual(replayOf(both[1]!));
    expect(await log(stack.flexportal)).toEqual(['PUT 200']);
  });

  it('runs a retry after the TTL as a new update', async () => {
    await stack.flexportal.reset();
    const fields = { company: 'Expiring', idempotencyKey: 'ttl' };
    await updateVia(one(), 'flexportal', 'cus_1004', fields, { withChanges: false });
    expect(payloadOf(await updateVia(other(), 'flexportal', 'cus_1004', fields, { withChanges: false })).replayed).toBe(true);
    expect(await log(stack.flexportal)).toEqual(['PUT 200']);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 300));
    expect(payloadOf(await updateVia(other(), 'flexportal', 'cus_1004', fields, { withChanges: false })).replayed).toBe(false);
    expect(await log(stack.flexportal)).toEqual(['PUT 200', 'PUT 200']);
  });

  it('refuses an update with a key while Redis is unreachable (COORDINATION_UNAVAILABLE), writing nothing', async () => {
    await stack.flexportal.reset();
    await redis.stop();
    try {
      for (const client of [one(), other()]) {
        const refused = await updateVia(client, 'flexportal', 'cus_1005', { company: 'No Redis', idempotencyKey: 'outage' }, { withChanges: false });
        expect(refused.data).toBeNull();
        expect(refused.errors![0]!.extensions).toMatchObject({ code: 'COORDINATION_UNAVAILABLE' });
        expect(refused.errors![0]!.message).toContain('Nothing was written');
      }
      expect(await log(stack.flexportal)).toEqual([]);
    } finally {
      await redis.start();
    }
  });
});
