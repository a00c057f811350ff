// Live updates across replicas (REDIS_URL): every announcement is published on one Redis channel
// that every replica subscribes to, its own included, so that each replica learns of every
// change (and so does not announce again a change another one announced) and serves its own
// subscribers. Pub/sub keeps nothing: an announcement made while Redis is unreachable is lost.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangeFeed } from '../customers/changes.js';
import type { Customer } from '../customers/model.js';

const CHANNEL = 'customer-graph:customer-changed';

/** A Customer as published: JSON, its two dates as ISO strings. */
const encode = (customer: Customer) => JSON.stringify(customer);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const dateOf = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);

/** A published customer back to a Customer; null for a message that is not one (another program's on the channel). */
function decode(message: string): Customer | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.source !== 'string' || typeof parsed.externalId !== 'string') return null;
  // Only the top level's dates: a FlexPortal customer's customFields may hold any JSON, named anything.
  return { ...(parsed as unknown as Customer), createdAt: dateOf(parsed.createdAt), updatedAt: dateOf(parsed.updatedAt) };
}

export class RedisChangeFeed implements ChangeFeed {
  private readonly subscriber: Redis;
  private readonly listeners = new Set<(customer: Customer) => void>();

  /** Publishes on `publisher`, the coordination's client; subscribes on a connection of its own to `url`. */
  constructor(
    private readonly publisher: Redis,
    url: string,
    private readonly logger: Logger,
  ) {
    // A subscribed connection can send nothing else. ioredis subscribes it again on every
    // reconnect; its first SUBSCRIBE waits for Redis however long it takes to be there.
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(100 * times, 1000) });
    // Redis's state is reported by the coordination's own client (/ready, the log); this one only follows it.
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const customer = decode(message);
      if (customer) for (const listener of this.listeners) listener(customer);
    });
    this.subscriber.subscribe(CHANNEL).catch((error: unknown) => logger.warn({ err: error }, 'could not subscribe to live updates in Redis'));
  }

  publish(customer: Customer): void {
    this.publisher.publish(CHANNEL, encode(customer)).catch((error: unknown) => {
      this.logger.warn({ err: error, source: customer.source }, "could not announce a customer's change through Redis: its subscribers miss this one");
    });
  }

  listen(listener: (customer: Customer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
