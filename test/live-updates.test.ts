// Live updates over real processes: two replicas sharing a real Redis, subscribed to over GraphQL
// over SSE. An update through one replica reaches a subscriber of the other; a change made outside
// the service reaches it once a read finds it; customer(id)'s rules hold when subscribing; at
// MAX_SUBSCRIPTIONS a replica refuses; an idle stream is kept alive, and one whose client left is
// counted out.
import { setTimeout as sleep } from 'node:timers/promises';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Subscription, subscribe } from '../support/sse.js';
import { CustomerChangedDocument, CustomerDocument, UpdateCustomerDocument } from './generated/graphql.js';
import { AUDIENCE, bearer, ISSUER, jwksOf, type SigningKey, serveJwks, signingKey, token } from './support/jwt.js';
import { scrape, value } from './support/metrics.js';
import { globalId, type Replica, useReplicasOnRedis } from './support/stack.js';

const API_KEY = 'ak_test_live_updates_0123456789';
const MAX_SUBSCRIPTIONS = 3;
/** Short request and keep-alive timeouts: an open stream must outlive both. */
const TIMEOUTS = { REQUEST_TIMEOUT_MS: '1000', KEEP_ALIVE_TIMEOUT_MS: '500' };
const env: Record<string, string> = {
  API_KEYS: API_KEY,
  AUTH_ISSUER: ISSUER,
  AUTH_AUDIENCE: AUDIENCE,
  MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
  ...TIMEOUTS,
};

let key: SigningKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
// Registered before useReplicasOnRedis's hook, so the replicas start with the key set's URL.
beforeAll(async () => {
  key = await signingKey('ES256', 'ec-1');
  jwks = await serveJwks(jwksOf(key));
  env.AUTH_JWKS_URL = jwks.url;
});
afterAll(() => jwks?.close());

const { stack } = useReplicasOnRedis(2, env);
const FULL = bearer(API_KEY);
const OMAR = globalId('flexportal', 'cus_1002');

/** Subscribes to a customer's changes through one replica. */
const changes = (replica: Replica, id = OMAR, headers = FULL) =>
  subscribe(replica.graphql.url, { query: print(CustomerChangedDocument), variables: { id } }, headers);

const read = (replica: Replica, headers = FULL) => replica.graphql.execute(CustomerDocument, { id: OMAR }, headers);

/** Open subscriptions on a replica, as its metrics say. */
const open = async (replica: Replica) => value(await scrape(`${replica.base}/metrics`, FULL), 'customer_graph_subscriptions_open');

/** Closes every subscription a test opened, whatever its outcome, and waits for the replicas to count them out. */
const opened: Subscription[] = [];
const track = async (subscription: Promise<Subscription>) => {
  const made = await subscription;
  opened.push(made);
  return made;
};
async function closeAll() {
  await Promise.all(opened.splice(0).map((subscription) => subscription.close()));
  for (const replica of stack.replicas) await expect.poll(() => open(replica)).toBe(0);
}

describe('customerChanged over two replicas sharing Redis', () => {
  it('sends the customer as stored when it is updated through the other replica', async () => {
    await stack.flexportal.reset();
    try {
      const subscription = await track(changes(stack.replicas[0]!));
      expect(subscription.status).toBe(200);
      const updated = await stack.replicas[1]!.graphql.execute(UpdateCustomerDocument, { input: { id: OMAR, company: 'Saved Elsewhere' } }, FULL);
      expect(updated.data?.updateCustomer.userErrors).toEqual([]);
      const event = await subscription.next();
      expect(event).toEqual({
        data: { customerChanged: { id: OMAR, name: 'Omar Haddad', company: 'Saved Elsewhere', updatedAt: updated.data!.updateCustomer.customer!.updatedAt } },
      });
    } finally {
      await closeAll();
    }
  });

  it('sends a change made outside the service once a read through either replica finds it', async () => {
    await stack.flexportal.reset();
    try {
      const subscription = await track(changes(stack.replicas[0]!));
      // What the other replica read last is what a newer updatedAt is measured against.
      expect((await read(stack.replicas[1]!)).data?.customer?.company).not.toBe('Changed Outside');
      await sleep(5);
      await stack.flexportal.put('cus_1002', { company: 'Changed Outside' });
      // Nothing tells the service until it reads the customer.
      await expect(subscription.next(500)).rejects.toThrow(/no event/);
      expect((await read(stack.replicas[1]!)).data?.customer?.company).toBe('Changed Outside');
      expect((await subscription.next())?.data).toMatchObject({ customerChanged: { id: OMAR, company: 'Changed Outside' } });
      // Read again through both replicas: not news.
      await read(stack.replicas[0]!);
      await read(stack.replicas[1]!);
      await expect(subscription.next(500)).rejects.toThrow(/no event/);
    } finally {
      await closeAll();
    }
  });

  it("refuses, when it subscribes, a token limited to another source, with customer(id)'s answer", async () => {
    const flowgladOnly = bearer(await token(key, { scope: 'customers:read', customer_sources: ['flowglad'] }));
    try {
      const query = await read(stack.replicas[0]!, flowgladOnly);
      expect(query.errors).toEqual([
        expect.objectContaining({ message: 'Forbidden: your credentials lack access to source flexportal.', extensions: { code: 'FORBIDDEN' } }),
      ]);
      const refused = await track(changes(stack.replicas[0]!, OMAR, flowgladOnly));
      const { message, extensions } = query.errors![0]!;
      expect((await refused.next())?.errors).toEqual([expect.objectContaining({ message, extensions, path: ['customerChanged'] })]);
      expect(await refused.next()).toBeNull();
      // Its own source it may follow.
      const allowed = await track(changes(stack.replicas[0]!, globalId('flowglad', 'acme-corp'), flowgladOnly));
      await expect(allowed.next(300)).rejects.toThrow(/no event/);
      expect(await open(stack.replicas[0]!)).toBe(1);
    } finally {
      await closeAll();
    }
  });

  it('refuses a subscription past MAX_SUBSCRIPTIONS with TOO_MANY_SUBSCRIPTIONS, and takes one again once another left', async () => {
    try {
      const taken = await Promise.all(Array.from({ length: MAX_SUBSCRIPTIONS }, () => track(changes(stack.replicas[0]!))));
      await expect.poll(() => open(stack.replicas[0]!)).toBe(MAX_SUBSCRIPTIONS);
      const refused = await track(changes(stack.replicas[0]!));
      const answer = await refused.next();
      expect(answer?.errors).toEqual([
        expect.objectContaining({
          message: `This replica has ${MAX_SUBSCRIPTIONS} subscriptions open, its limit (MAX_SUBSCRIPTIONS); subscribe again in a few seconds.`,
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', retryAfterSeconds: 5 },
        }),
      ]);
      // The other replica has room of its own.
      const elsewhere = await track(changes(stack.replicas[1]!));
      await expect(elsewhere.next(200)).rejects.toThrow(/no event/);
      await taken[0]!.close();
      await expect.poll(() => open(stack.replicas[0]!)).toBe(MAX_SUBSCRIPTIONS - 1);
      const again = await track(changes(stack.replicas[0]!));
      await expect(again.next(200)).rejects.toThrow(/no event/);
      expect(await open(stack.replicas[0]!)).toBe(MAX_SUBSCRIPTIONS);
    } finally {
      await closeAll();
    }
  });

  it('keeps an idle stream alive with pings past REQUEST_TIMEOUT_MS, and counts a subscription out when its client disconnects', async () => {
    await stack.flexportal.reset();
    try {
      const subscription = await track(changes(stack.replicas[1]!));
      expect(await open(stack.replicas[1]!)).toBe(1);
      // Yoga pings every 12 s, every 300 ms under NODE_ENV=test (which the replicas inherit from vitest).
      await expect(subscription.next(2500)).rejects.toThrow(/no event/);
      expect(subscription.pings).toBeGreaterThanOrEqual(4);
      // Idle longer than both timeouts, it still delivers.
      await stack.replicas[0]!.graphql.execute(UpdateCustomerDocument, { input: { id: OMAR, company: 'Still There' } }, FULL);
      expect((await subscription.next())?.data).toMatchObject({ customerChanged: { company: 'Still There' } });
      await subscription.close();
      await expect.poll(() => open(stack.replicas[1]!)).toBe(0);
    } finally {
      await closeAll();
    }
  });
});
