// Live updates on Redis pub/sub against a real redis-server: two feeds stand for two replicas.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../support/redis.js';
import type { Customer } from '../customers/model.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { RedisChangeFeed } from './redis-feed.js';

let server: RedisServer;
const clients: Redis[] = [];
const feeds: RedisChangeFeed[] = [];

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await Promise.all(feeds.map((feed) => feed.close()));
  for (const client of clients) client.disconnect();
  await server?.stop();
});

const client = () => {
  const made = new Redis(server.url);
  clients.push(made);
  return made;
};

const CHANNEL = 'customer-graph:customer-changed';
const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
/** Published until a new feed hears it: then its SUBSCRIBE has gone through. */
const PROBE = JSON.stringify(flex.add('probe'));

/** A feed as a replica has it, subscribed, with what its listener heard (probes left out). */
async function replica() {
  const feed = new RedisChangeFeed(client(), server.url, pino({ level: 'silent' }));
  feeds.push(feed);
  const heard: Customer[] = [];
  let probed = false;
  feed.listen((customer) => {
    if (customer.externalId === 'probe') probed = true;
    else heard.push(customer);
  });
  const publisher = client();
  while (!probed) {
    await publisher.publish(CHANNEL, PROBE);
    await sleep(20);
  }
  return { feed, heard };
}

describe('RedisChangeFeed', () => {
  it("carries each announcement to every replica, its publisher's own included, as the Customer it was", async () => {
    const [one, other] = [await replica(), await replica()];
    const customer = { ...flex.add('c1', { company: 'Acme' }), createdAt: new Date('2026-01-02T03:04:05.678Z') };
    // Customer data named like the dates deep inside stays as it was given.
    customer.flexportal = { ...customer.flexportal!, customFields: { updatedAt: '2020-01-01T00:00:00.000Z' } };
    one.feed.publish(customer);
    await expect.poll(() => other.heard.length).toBe(1);
    await expect.poll(() => one.heard.length).toBe(1);
    expect(other.heard[0]).toEqual(customer);
    expect(other.heard[0]!.updatedAt).toBeInstanceOf(Date);
  });

  it('ignores what is not a customer on its channel', async () => {
    const { heard } = await replica();
    const publisher = client();
    for (const message of ['not json', '[1,2]', '{"source":"flex"}', 'null']) await publisher.publish(CHANNEL, message);
    await publisher.publish(CHANNEL, JSON.stringify(flex.add('c2')));
    await expect.poll(() => heard.map((customer) => customer.externalId)).toEqual(['c2']);
  });
});
