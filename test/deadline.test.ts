// One deadline per GraphQL request (REQUEST_DEADLINE_MS, 3 s here): lock waits, budget waits,
// attempts, retries and the read-back share it, so every answer comes within it, naming the real
// cause. Two replicas share the budgets and the locks through Redis.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateCustomerInput } from './generated/graphql.js';
import { UpdateCustomerDocument } from './generated/graphql.js';
import { globalId, useReplicasOnRedis, timed, type Replica } from './support/stack.js';

const DEADLINE_MS = 3000;
/**
 * Every answer, however it ends, comes by then, measured at the client: slack for a loaded
 * machine (the deadline runs from the request's arrival at the server). The old code answered
 * these after 5.5 to 20 s.
 */
const ANSWERED_BY_MS = DEADLINE_MS + 1500;

const { stack } = useReplicasOnRedis(
  2,
  {
    REQUEST_DEADLINE_MS: String(DEADLINE_MS),
    // Attempts shorter than the deadline, and retries enough to outlast it: the deadline, not
    // the retry count, must end a call.
    BACKEND_TIMEOUT_MS: '1000',
    BACKEND_RETRIES: '5',
    BACKEND_RETRY_BASE_MS: '50',
    BREAKER_MIN_RPS: '10000',
    // FlexPortal's documented plan limit (the default), and a budget for Flowglad whose windows
    // (6 requests a 1.1 s window) start inside the deadline.
    SOURCE_FLEXPORTAL_RATE_LIMIT: '100/60s',
    SOURCE_FLOWGLAD_RATE_LIMIT: '20/2s',
  },
  { FLEXPORTAL_EMULATOR_RATE_LIMIT: '100000' },
);
beforeEach(() => Promise.all([stack.flowglad.reset(), stack.flexportal.reset()]));
afterEach(() => Promise.all([stack.flowglad.control('DELETE', 'faults'), stack.flexportal.control('DELETE', 'faults')]));

const updateVia = (replica: Replica, source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>) =>
  replica.graphql.execute(UpdateCustomerDocument, { input: { id: globalId(source, key), ...fields } });
const first = () => stack.replicas[0]!;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('under the budgets', () => {
  // The issue saw 8 such edits answered CUSTOMER_BUSY after 96 s of budget waits; 12 here, so that
  // waiting for budget windows (6.78 s apart) could never fit in the deadline.
  it('12 concurrent edits of one FlexPortal customer over two replicas each answer within the deadline: applied, or refused naming the budget or the lock', async () => {
    const fields = ['company', 'phone', 'email', 'company', 'phone', 'email', 'company', 'phone', 'email', 'company', 'phone', 'email'];
    const values: Record<string, (i: number) => string> = {
      company: (i) => `Edit ${i}`,
      phone: (i) => `+467012345${10 + i}`,
      email: (i) => `edit${i}@example.com`,
    };
    const answers = await Promise.all(
      fields.map((field, i) => timed(() => updateVia(stack.replicas[i % 2]!, 'flexportal', 'cus_1001', { [field]: values[field]!(i) }))),
    );
    let applied = 0;
    for (const [result, ms] of answers) {
      expect(ms).toBeLessThan(ANSWERED_BY_MS);
      if (!result.errors) {
        expect(result.data!.updateCustomer.userErrors).toEqual([]);
        applied++;
        continue;
      }
      const error = result.errors[0]!;
      if (error.extensions!.code === 'RATE_LIMITED') {
        expect(error.extensions).toMatchObject({ source: 'flexportal', outcome: 'NOT_WRITTEN', retryAfterSeconds: expect.any(Number) });
        expect(error.message).toContain('request budget');
      } else {
        expect(error.extensions).toMatchObject({ code: 'CUSTOMER_BUSY', retryAfterSeconds: expect.any(Number) });
        expect(error.message).toContain('Another update of this customer holds its lock');
      }
    }
    expect(applied).toBeGreaterThanOrEqual(1);
  });

  it('serves every read of a burst over two replicas whose budget turn comes within the deadline, and refuses the rest at once', async () => {
    // Each replica probed Flowglad at start: let those windows pass, and leave them out of the log.
    await pause(2300);
    await stack.flowglad.reset();
    const keys = ['acme-corp', 'globex', 'initech', 'nordlicht-ab', 'umbrella', 'tyrell'];
    const burst = Array.from({ length: 48 }, (_, i) =>
      timed(() =>
        stack.replicas[i % 2]!.graphql.raw({ query: `{ customerByExternalId(source: "flowglad", externalId: "${keys[i % keys.length]}") { externalId } }` }),
      ),
    );
    const answers = await Promise.all(burst);
    for (const [, ms] of answers) expect(ms).toBeLessThan(ANSWERED_BY_MS);
    const read = answers.filter(([answer]) => !answer.errors && answer.data);
    const limited = answers.filter(([answer]) => answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    // A turn that came just before the deadline may leave its attempt too little time on a loaded
    // machine: that read says so.
    const late = answers.filter(([answer]) => answer.errors?.[0]?.message.includes("within the request's deadline"));
    expect(late.length).toBeLessThanOrEqual(2);
    expect(read.length + limited.length + late.length).toBe(48);
    // Windows of 6 open at 0, 1.1 and 2.2 s: 18 turns come within 3 s of the burst (a rule that
    // wants a whole 1 s attempt to fit after the wait serves 12; a request that arrives late on a
    // loaded machine may get the window at 3.3 s). All 48 would take 8 windows, 7.7 s.
    expect(read.length).toBeGreaterThanOrEqual(17);
    expect(read.length).toBeLessThanOrEqual(24);
    for (const [answer] of limited) expect(answer.errors![0]!.extensions).toMatchObject({ source: 'flowglad', retryAfterSeconds: expect.any(Number) });
    expect((await stack.flowglad.requests()).length).toBe(read.length);
  });
});

describe('a slow backend', () => {
  it('that hangs: an update answers BACKEND_UNAVAILABLE, NOT_WRITTEN, at its deadline', async () => {
    await stack.flowglad.fault({ method: 'GET', count: 20, latencyMs: 20_000 });
    const [result, ms] = await timed(() => updateVia(first(), 'flowglad', 'initech', { domain: 'hang.test' }));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'NOT_WRITTEN', source: 'flowglad' });
    expect(ms).toBeGreaterThan(DEADLINE_MS - 500);
    expect(ms).toBeLessThan(ANSWERED_BY_MS);
  });

  it('that stores a write but answers late: UNKNOWN at the deadline (no time was left to read back), never NOT_WRITTEN', async () => {
    await stack.flowglad.fault({ method: 'PUT', count: 20, latencyMs: 20_000, afterApply: true });
    const [result, ms] = await timed(() => updateVia(first(), 'flowglad', 'globex', { domain: 'late.test' }));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN', source: 'flowglad' });
    expect(ms).toBeLessThan(ANSWERED_BY_MS);
    expect((await stack.flowglad.record('globex')).domain).toBe('late.test');
  });

  it('that archives but answers late: read back within the deadline, and a success', async () => {
    await stack.flowglad.fault({ method: 'POST', latencyMs: 20_000, afterApply: true });
    const [result, ms] = await timed(() => updateVia(first(), 'flowglad', 'tyrell', { status: 'ARCHIVED' }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCustomer.changes).toEqual([{ field: ['status'], from: 'ACTIVE', to: 'ARCHIVED' }]);
    expect(ms).toBeLessThan(ANSWERED_BY_MS);
    expect((await stack.flowglad.requests()).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST null', 'GET 404']);
  });

  it('that archives after the deadline: UNKNOWN within it, and the archive lands later', async () => {
    await stack.flowglad.fault({ method: 'POST', latencyMs: 4500 });
    const [result, ms] = await timed(() => updateVia(first(), 'flowglad', 'umbrella', { status: 'ARCHIVED' }));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN', source: 'flowglad' });
    expect(result.errors![0]!.message).toContain('still unanswered');
    expect(ms).toBeLessThan(ANSWERED_BY_MS);
    // UNKNOWN was the truth: the archive is handled once its latency is over.
    for (let tries = 0; (await stack.flowglad.requests()).some((r) => r.method === 'POST' && r.status === null) && tries < 100; tries++) await pause(100);
    const res = await fetch(`${stack.flowglad.url}/api/v1/customers/umbrella`, { headers: { authorization: 'sk_test_emulator' } });
    expect(res.status).toBe(404);
  });
});

describe("a customer's lock", () => {
  it('held past the deadline by another update: CUSTOMER_BUSY at the deadline, naming the other update, writing nothing', async () => {
    // The holder's writes are handled 5 s late: it answers within its own deadline, but keeps the
    // lock until they have settled.
    await stack.flowglad.fault({ method: 'PUT', count: 20, latencyMs: 5000 });
    const holder = updateVia(first(), 'flowglad', 'acme-corp', { domain: 'holder.test' });
    await pause(1500);
    const [waiter, ms] = await timed(() => updateVia(stack.replicas[1]!, 'flowglad', 'acme-corp', { iconUrl: 'https://waiter.example/icon.png' }));
    expect(waiter.errors![0]!.extensions).toMatchObject({ code: 'CUSTOMER_BUSY' });
    expect(waiter.errors![0]!.message).toContain('Another update of this customer holds its lock');
    expect(waiter.errors![0]!.message).toContain('nothing was written');
    expect(ms).toBeGreaterThan(DEADLINE_MS - 500);
    expect(ms).toBeLessThan(ANSWERED_BY_MS);
    const [held, heldMs] = await timed(() => holder);
    expect(held.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(heldMs).toBeLessThan(ANSWERED_BY_MS);
    expect((await stack.flowglad.writes()).every((w) => !JSON.stringify(w.body).includes('waiter.example'))).toBe(true);
  });
});
