// CustomerChanges on its own, over a feed that every instance shares (as replicas share Redis):
// what is announced, what each subscriber is handed, and what is kept.
import { describe, expect, it } from 'vitest';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { type ChangeFeed, CustomerChanges } from './changes.js';
import { SubscriptionRefusedError } from './errors.js';
import type { Customer } from './model.js';

/** One feed for several CustomerChanges, recording every announcement. */
function sharedFeed() {
  const listeners = new Set<(customer: Customer) => void>();
  const published: Customer[] = [];
  const feed: ChangeFeed = {
    publish: (customer) => {
      published.push(customer);
      for (const listener of listeners) listener(customer);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { feed, published };
}

const options = { maxSubscriptions: 10, remembered: 100 };
const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
const at = (ms: number, company = 'Acme') => ({ ...flex.add('c1', { company }), updatedAt: new Date(ms) });
const REF = { source: 'flex', externalId: 'c1' };

/** Reads a subscription as a subscriber does, one event after another; answers what it has been handed so far. */
function reader(subscription: AsyncIterableIterator<Customer>): () => Promise<string[]> {
  const got: string[] = [];
  void (async () => {
    for await (const customer of subscription) got.push(`${customer.company} ${customer.updatedAt?.getTime()}`);
  })();
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return got.splice(0);
  };
}

describe('CustomerChanges', () => {
  it('announces a write always, and a read only when its updatedAt is newer than the last known here', () => {
    const { feed, published } = sharedFeed();
    const changes = new CustomerChanges(feed, options);
    changes.seen(at(100));
    changes.seen(at(100));
    changes.seen(at(50));
    expect(published).toEqual([]);
    changes.seen(at(200));
    changes.written(at(300));
    changes.seen(at(300));
    expect(published.map((customer) => customer.updatedAt?.getTime())).toEqual([200, 300]);
  });

  it("learns of another replica's announcements, so it does not announce the same change again", () => {
    const { feed, published } = sharedFeed();
    const [one, other] = [new CustomerChanges(feed, options), new CustomerChanges(feed, options)];
    other.seen(at(100));
    one.written(at(200));
    other.seen(at(200));
    expect(published).toHaveLength(1);
  });

  it('hands a subscriber only the newest undelivered event, never an older one, never the same twice', async () => {
    const { feed } = sharedFeed();
    const [one, other] = [new CustomerChanges(feed, options), new CustomerChanges(feed, options)];
    const subscription = one.subscribe(REF);
    // Both before the subscriber reads again.
    one.written(at(100, 'First'));
    one.written(at(200, 'Second'));
    const handed = reader(subscription);
    expect(await handed()).toEqual(['Second 200']);
    // Crossed announcements of two replicas: the older one comes last.
    other.written(at(150, 'Late'));
    // Two replicas' reads announcing one change: once.
    one.seen(at(100));
    other.seen(at(100));
    one.seen(at(300, 'Third'));
    other.seen(at(300, 'Third'));
    expect(await handed()).toEqual(['Third 300']);
  });

  it('keeps the last updatedAt of at most `remembered` customers: one forgotten is a baseline again', () => {
    const { feed, published } = sharedFeed();
    const changes = new CustomerChanges(feed, { ...options, remembered: 2 });
    const customer = (key: string, ms: number) => ({ ...at(ms), externalId: key });
    changes.seen(customer('a', 1));
    changes.seen(customer('b', 1));
    changes.seen(customer('a', 1));
    changes.seen(customer('c', 1));
    // b was heard of least recently: forgotten, so its newer updatedAt is a baseline, not news.
    changes.seen(customer('b', 2));
    changes.seen(customer('a', 2));
    expect(published.map((c) => c.externalId)).toEqual([]);
    changes.seen(customer('b', 3));
    expect(published.map((c) => c.externalId)).toEqual(['b']);
  });

  it('refuses past maxSubscriptions, counting each subscription out when it ends', async () => {
    const { feed } = sharedFeed();
    const opened: number[] = [];
    const changes = new CustomerChanges(feed, { ...options, maxSubscriptions: 1, onOpen: (open) => opened.push(open) });
    const first = changes.subscribe(REF);
    expect(() => changes.subscribe(REF)).toThrow(SubscriptionRefusedError);
    await first.return?.();
    await first.return?.();
    changes.subscribe(REF);
    expect(opened).toEqual([1, 0, 1]);
    expect(changes.openSubscriptions).toBe(1);
  });
});
