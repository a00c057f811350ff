// Subscription.customerChanged in process, through the whole Yoga handler (plugins, masking) and
// GraphQL over SSE, over in-memory backends: what an event carries and when one comes, the limit
// on open subscriptions, and the end of each stream (by its subscriber, or by shutdown).
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { subscribe } from '../../support/sse.js';
import { loadConfig } from '../config.js';
import { MemoryCoordination } from '../coordination/memory.js';
import { encodeCustomerId } from '../customers/global-id.js';
import { CustomerService } from '../customers/service.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { createGraphQLHandler } from '../yoga.js';
import { Metrics } from '../telemetry/metrics.js';

const CHANGED = 'subscription ($id: ID!) { customerChanged(id: $id) { id company updatedAt } }';
const UPDATE = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }';
const READ = 'query ($id: ID!) { customer(id: $id) { company } }';
const C1 = encodeCustomerId({ source: 'flex', externalId: 'c1' });

function setUp(maxSubscriptions = 10) {
  const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
  flex.add('c1', { company: 'Before' });
  flex.add('c2', { company: 'Other' });
  const opened: number[] = [];
  const coordination = new MemoryCoordination({ waitMs: 1000, metrics: new Metrics() });
  const service = new CustomerService([flex], coordination, {
    maxConcurrentReadsPerRequest: 4,
    maxReadsPerRequest: 100,
    keys: coordination.keys(60_000),
    maxSubscriptions,
    onSubscriptions: (open) => opened.push(open),
  });
  const yoga = createGraphQLHandler(loadConfig({}), service, new Metrics(), pino({ level: 'silent' }));
  const fetchYoga = (url: string, init: RequestInit) => Promise.resolve(yoga.fetch(url, init));
  const post = async (query: string, variables: Record<string, unknown>) => {
    const res = await yoga.fetch('http://service/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  };
  const changes = (id = C1) => subscribe('http://service/graphql', { query: CHANGED, variables: { id } }, {}, fetchYoga);
  return { flex, service, opened, post, changes };
}

describe('customerChanged', () => {
  it("sends the customer as stored after an update through this service, to that customer's subscribers only", async () => {
    const { post, changes } = setUp();
    const [mine, other] = [await changes(C1), await changes(encodeCustomerId({ source: 'flex', externalId: 'c2' }))];
    expect(await post(UPDATE, { input: { id: C1, company: 'After' } })).toEqual({ data: { updateCustomer: { userErrors: [] } } });
    const event = await mine.next();
    expect(event?.data).toEqual({ customerChanged: { id: C1, company: 'After', updatedAt: expect.any(String) } });
    await expect(other.next(300)).rejects.toThrow(/no event/);
    await Promise.all([mine.close(), other.close()]);
  });

  it('sends nothing for an update that found nothing to write, nor for a dry run', async () => {
    const { flex, post, changes } = setUp();
    const subscription = await changes();
    // Selecting `changes` makes the update read first: it finds the value stored and writes nothing.
    const reading = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { changes { field } } }';
    expect(await post(reading, { input: { id: C1, company: 'Before' } })).toEqual({ data: { updateCustomer: { changes: [] } } });
    await post(UPDATE, { input: { id: C1, company: 'Dry', dryRun: true } });
    expect(flex.count('update')).toBe(0);
    await expect(subscription.next(300)).rejects.toThrow(/no event/);
    await subscription.close();
  });

  it('announces a change made elsewhere once a read finds it, and only once', async () => {
    const { flex, post, changes } = setUp();
    const subscription = await changes();
    // The first read is a baseline: nothing says what the subscriber saw.
    expect(await post(READ, { id: C1 })).toEqual({ data: { customer: { company: 'Before' } } });
    await expect(subscription.next(200)).rejects.toThrow(/no event/);
    flex.add('c1', { company: 'Elsewhere' });
    await post(READ, { id: C1 });
    expect((await subscription.next())?.data).toMatchObject({ customerChanged: { company: 'Elsewhere' } });
    // Read again, unchanged since: not news.
    await post(READ, { id: C1 });
    await post('query ($s: String!) { customers(source: $s) { edges { node { company } } } }', { s: 'flex' });
    await expect(subscription.next(300)).rejects.toThrow(/no event/);
    await subscription.close();
  });

  it('refuses a subscription past MAX_SUBSCRIPTIONS with TOO_MANY_SUBSCRIPTIONS, and takes one again once another left', async () => {
    const { changes } = setUp(2);
    const [first, second] = [await changes(), await changes()];
    const refused = await changes();
    expect(await refused.next()).toMatchObject({
      errors: [{ message: expect.stringContaining('MAX_SUBSCRIPTIONS'), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', retryAfterSeconds: 5 } }],
    });
    expect(await refused.next()).toBeNull();
    await first.close();
    const again = await changes();
    await expect(again.next(200)).rejects.toThrow(/no event/);
    await Promise.all([second.close(), again.close()]);
  });

  it('counts a subscription as closed once its subscriber leaves', async () => {
    const { opened, changes } = setUp();
    const subscription = await changes();
    await expect.poll(() => opened.at(-1)).toBe(1);
    await subscription.close();
    await expect.poll(() => opened.at(-1)).toBe(0);
    expect(opened).toEqual([1, 0]);
  });

  it('ends every stream on endSubscriptions (shutdown), and refuses new ones with SHUTTING_DOWN', async () => {
    const { service, opened, changes } = setUp();
    const streams = [await changes(), await changes()];
    service.endSubscriptions();
    for (const stream of streams) expect(await stream.next()).toBeNull();
    expect(opened.at(-1)).toBe(0);
    const late = await changes();
    expect(await late.next()).toMatchObject({ errors: [{ extensions: { code: 'SHUTTING_DOWN' } }] });
  });
});
