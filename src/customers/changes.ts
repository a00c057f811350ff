// Live updates: announcing that a customer changed, to the subscribers of every replica. An
// announcement carries the customer as stored. It follows every write this service verified, and
// every read that finds a newer updatedAt than the last one this replica knew of (a change made
// outside this service). Each announcement goes through the ChangeFeed (coordination's: Redis
// pub/sub across replicas, or in-process), and each replica hands it to its own subscribers.
import { SubscriptionRefusedError } from './errors.js';
import type { CustomerKey } from './global-id.js';
import type { Customer } from './model.js';

/** The port that carries announcements to every replica, this one included. */
export interface ChangeFeed {
  /** Sends `customer` to every replica's listeners. Never throws: one that cannot be sent is lost (the adapter logs it). */
  publish(customer: Customer): void;
  /** Calls `listener` with every announcement, this replica's own included; answers how to stop. */
  listen(listener: (customer: Customer) => void): () => void;
}

/** What reads and the update flow tell the live updates. */
export interface ChangeNotices {
  /** A read found the customer so: announced when its updatedAt is newer than the last one known. */
  seen(customer: Customer): void;
  /** A write was verified stored: always announced. */
  written(customer: Customer): void;
}

export interface ChangesOptions {
  /** Subscriptions this replica keeps open at once (MAX_SUBSCRIPTIONS). */
  maxSubscriptions: number;
  /** Customers whose last updatedAt is kept; the least recently heard of are forgotten first. */
  remembered: number;
  /** Told the number of open subscriptions whenever it changes. */
  onOpen?: (open: number) => void;
}

/** Delivers the newest undelivered event; older ones are dropped, since each carries the whole customer. */
class Subscription implements AsyncIterableIterator<Customer> {
  private pending: Customer | null = null;
  private waiting: ((result: IteratorResult<Customer>) => void) | null = null;
  private ended = false;

  constructor(private readonly onEnd: () => void) {}

  push(customer: Customer): void {
    if (this.ended) return;
    if (this.waiting) {
      this.waiting({ value: customer, done: false });
      this.waiting = null;
    } else this.pending = customer;
  }

  next(): Promise<IteratorResult<Customer>> {
    if (this.pending) {
      const value = this.pending;
      this.pending = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** The subscriber left (its connection closed): called by graphql-js through Yoga. */
  return(): Promise<IteratorResult<Customer>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the stream: the subscriber gets what is pending, then the end. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** One customer's subscriptions on this replica, and what it was last sent. */
interface Watchers {
  subscriptions: Set<Subscription>;
  /** The last event delivered: its updatedAt (epoch ms; null when the backend gives none) and content. */
  last: { updatedAt: number | null; json: string } | null;
}

const keyOf = ({ source, externalId }: CustomerKey) => `${source}\u0000${externalId}`;

export class CustomerChanges implements ChangeNotices {
  /** Each customer's newest updatedAt known here (epoch ms), least recently heard of first. */
  private readonly known = new Map<string, number>();
  private readonly watched = new Map<string, Watchers>();
  private open = 0;
  private closed = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly options: ChangesOptions,
  ) {
    this.stopListening = feed.listen((customer) => this.deliver(customer));
  }

  /** Open subscriptions on this replica. */
  get openSubscriptions(): number {
    return this.open;
  }

  seen(customer: Customer): void {
    const updatedAt = customer.updatedAt?.getTime();
    if (updatedAt === undefined) return;
    const last = this.remember(keyOf(customer), updatedAt);
    // A customer first read here is a baseline: nothing says what a subscriber saw before.
    if (last !== undefined && updatedAt > last) this.feed.publish(customer);
  }

  written(customer: Customer): void {
    const updatedAt = customer.updatedAt?.getTime();
    if (updatedAt !== undefined) this.remember(keyOf(customer), updatedAt);
    this.feed.publish(customer);
  }

  /**
   * The customer's announcements from now on, until the subscriber leaves or `end()`. Refused
   * with SubscriptionRefusedError when `maxSubscriptions` are open, or after `end()`.
   */
  subscribe(ref: CustomerKey): AsyncIterableIterator<Customer> {
    if (this.closed) {
      throw new SubscriptionRefusedError('SHUTTING_DOWN', 'This replica is shutting down and takes no new subscriptions; subscribe again.', 1);
    }
    const { maxSubscriptions } = this.options;
    if (this.open >= maxSubscriptions) {
      throw new SubscriptionRefusedError(
        'TOO_MANY_SUBSCRIPTIONS',
        `This replica has ${maxSubscriptions} subscriptions open, its limit (MAX_SUBSCRIPTIONS); subscribe again in a few seconds.`,
        5,
      );
    }
    const key = keyOf(ref);
    const watchers = this.watched.get(key) ?? { subscriptions: new Set(), last: null };
    this.watched.set(key, watchers);
    const subscription = new Subscription(() => {
      watchers.subscriptions.delete(subscription);
      if (watchers.subscriptions.size === 0) this.watched.delete(key);
      this.count(-1);
    });
    watchers.subscriptions.add(subscription);
    this.count(1);
    return subscription;
  }

  /** Ends every open subscription and refuses new ones: for shutdown, so that no stream keeps it waiting. */
  end(): void {
    this.closed = true;
    this.stopListening();
    for (const { subscriptions } of [...this.watched.values()]) for (const subscription of [...subscriptions]) subscription.end();
  }

  /** An announcement from any replica: to this replica's subscribers of that customer, unless they had it already. */
  private deliver(customer: Customer): void {
    const key = keyOf(customer);
    const updatedAt = customer.updatedAt?.getTime() ?? null;
    if (updatedAt !== null) this.remember(key, updatedAt);
    const watchers = this.watched.get(key);
    if (!watchers) return;
    const json = JSON.stringify(customer);
    const { last } = watchers;
    // Older than what they have (announcements of two replicas crossed), or the same again (two
    // replicas' reads found the same change): not news.
    if (last && ((updatedAt !== null && last.updatedAt !== null && updatedAt < last.updatedAt) || json === last.json)) return;
    watchers.last = { updatedAt, json };
    for (const subscription of watchers.subscriptions) subscription.push(customer);
  }

  /** Keeps the newer of `updatedAt` and what was known, as the most recently heard of; answers what was known. */
  private remember(key: string, updatedAt: number): number | undefined {
    const last = this.known.get(key);
    this.known.delete(key);
    this.known.set(key, Math.max(updatedAt, last ?? updatedAt));
    if (this.known.size > this.options.remembered) this.known.delete(this.known.keys().next().value!);
    return last;
  }

  private count(change: number): void {
    this.open += change;
    this.options.onOpen?.(this.open);
  }
}
