// Coordination across replicas on Redis (REDIS_URL): each customer's lock is a lease (SET NX PX
// with a random token, handed out first come, first served) that only its holder renews or
// deletes, and that it proves it still holds (extending it) right before each write attempt; each
// source's budget, and each caller's share of it, is a
// rate-limiter-flexible Redis limiter that every replica counts against; live updates go through
// Redis pub/sub (redis-feed.ts); each idempotency key's claim and kept answer is a hash that
// expires with the key's TTL. While Redis is unreachable, locks and keys fail fast (updates are
// refused, nothing is written) and each replica keeps its part of every budget and share in
// memory, so reads go on.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import {
  CoordinationError,
  UNLIMITED,
  customerBusy,
  keyBusy,
  lockWaitMs,
  type Coordination,
  type CallerShares,
  type CoordinationHealth,
  type CustomerLocks,
  type HeldLock,
  type IdempotencyStore,
  type KeyBegun,
  type KeyClaim,
  type RateBudget,
  type RateLimit,
} from '../customers/coordination.js';
import type { Metrics } from '../telemetry/metrics.js';
import { replicaShare, windowsOf, type BudgetWindows } from './budget-windows.js';
import { RedisChangeFeed } from './redis-feed.js';
import { lockPollMs, renewalDelay, type LeaseState } from './lease-schedule.js';
import { LimiterBudget, memoryLimiter } from './limiter-budget.js';
import { LimiterShares, shareLimiters } from './limiter-shares.js';
import { LocalLocks, type LockTimings } from './local-locks.js';

export interface RedisCoordinationOptions extends LockTimings {
  url: string;
  /** A lease's time to live: longer than the longest an update can hold its lock. */
  ttlMs: number;
  /** Replicas sharing each budget: while Redis is unreachable each keeps 1/replicas of it. */
  replicas: number;
  logger: Logger;
  /** Where lock and budget waits are counted. */
  metrics: Metrics;
}

const KEY_PREFIX = 'customer-graph';
/** Longest wait for Redis to connect or answer a command; it is on the path of every update. */
const REDIS_TIMEOUT_MS = 2000;
/** Pause between tries to give a token up while Redis does not answer. */
const LET_GO_RETRY_MS = 500;

/**
 * Takes the lease (SET NX PX) when it is free and no earlier waiter is in line; otherwise puts
 * this waiter in line. The line is a sorted set scored by each waiter's deadline (all wait
 * equally long, so that is arrival order); waiters past their deadline, a crashed replica's
 * included, drop out. Without a line, a replica whose own updates queue for a customer would
 * take its lease again and again ahead of another replica's polling waiter.
 * KEYS: lease, line. ARGV: token, TTL (ms), wait (ms). Answers 1 when taken.
 */
const ACQUIRE = `local time = redis.call('time')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('zremrangebyscore', KEYS[2], '-inf', now)
if redis.call('exists', KEYS[1]) == 0 then
  local first = redis.call('zrange', KEYS[2], 0, 0)[1]
  if first == nil or first == ARGV[1] then
    redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
    redis.call('zrem', KEYS[2], ARGV[1])
    return 1
  end
end
redis.call('zadd', KEYS[2], 'NX', now + tonumber(ARGV[3]), ARGV[1])
redis.call('pexpire', KEYS[2], tonumber(ARGV[3]) + 1000)
return 0`;
/**
 * Gives a token up: deletes the lease only if it holds this token (another holder's lease is left
 * alone) and takes the token out of the line. KEYS: lease, line. ARGV: token.
 */
const LET_GO = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
redis.call('zrem', KEYS[2], ARGV[1])
return 1`;
/** Extends the lease only if it still holds this token (answers 1), atomically: the check before a write, and renewal. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/**
 * rate-limiter-flexible's counting script with the window in milliseconds (PX) rather than whole
 * seconds (EX), so windows such as 6.778 s are kept exactly. ARGV: points, seconds, limit, duration (s).
 */
const COUNT_IN_WINDOW = `local windowMs = math.floor(tonumber(ARGV[4]) * 1000 + 0.5)
redis.call('set', KEYS[1], 0, 'PX', windowMs, 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('pexpire', KEYS[1], windowMs)
  ttl = windowMs
end
return {consumed, ttl}`;

/**
 * An idempotency key's hash: `fp` (its input's fingerprint), `answer` once kept, `claim` (the
 * running request's token) with `until` (when the claim lapses, Redis time in ms), `fresh` ('1'
 * while the first request with the key runs: a release then deletes the key). Without an answer or
 * a running claim, the key's outcome is unknown. Every script reads Redis's own clock, so replicas'
 * clocks need not agree.
 */
const NOW = `local time = redis.call('time')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;
/**
 * Claims a key, or answers what holds it: {'reused'}, {'kept', answer}, {'running', ms until its
 * claim lapses}, or {'claimed', '1' when an earlier request's outcome is unknown}. A key without
 * an answer whose claim lapsed is such an unknown outcome. KEYS: key. ARGV: fingerprint, token,
 * claim (ms), TTL (ms).
 */
const BEGIN = `${NOW}
local found = redis.call('hmget', KEYS[1], 'fp', 'answer', 'claim', 'until')
local ttl = math.max(tonumber(ARGV[4]), tonumber(ARGV[3]))
if found[1] then
  if found[1] ~= ARGV[1] then return {'reused'} end
  if found[2] then return {'kept', found[2]} end
  if found[3] and tonumber(found[4]) > now then return {'running', tostring(tonumber(found[4]) - now)} end
  redis.call('hset', KEYS[1], 'claim', ARGV[2], 'until', now + tonumber(ARGV[3]), 'fresh', '0')
  redis.call('pexpire', KEYS[1], ttl)
  return {'claimed', '1'}
end
redis.call('hset', KEYS[1], 'fp', ARGV[1], 'claim', ARGV[2], 'until', now + tonumber(ARGV[3]), 'fresh', '1')
redis.call('pexpire', KEYS[1], ttl)
return {'claimed', '0'}`;
/**
 * Keeps an answer, unless one is kept already (the first counts), for the TTL; ends the claim if
 * it is still this token's. KEYS: key. ARGV: token, fingerprint, answer, TTL (ms).
 */
const KEEP = `local found = redis.call('hmget', KEYS[1], 'fp', 'answer', 'claim')
if not found[2] and (not found[1] or found[1] == ARGV[2]) then
  redis.call('hset', KEYS[1], 'fp', ARGV[2], 'answer', ARGV[3])
  redis.call('pexpire', KEYS[1], ARGV[4])
end
if found[3] == ARGV[1] then redis.call('hdel', KEYS[1], 'claim', 'until') end
return 1`;
/**
 * Ends this token's claim with an unknown outcome, kept for the TTL (also when the key is gone:
 * Redis lost it meanwhile). KEYS: key. ARGV: token, fingerprint, TTL (ms).
 */
const UNRESOLVED = `if redis.call('hget', KEYS[1], 'claim') == ARGV[1] then
  redis.call('hdel', KEYS[1], 'claim', 'until')
  redis.call('pexpire', KEYS[1], ARGV[3])
elseif redis.call('exists', KEYS[1]) == 0 then
  redis.call('hset', KEYS[1], 'fp', ARGV[2])
  redis.call('pexpire', KEYS[1], ARGV[3])
end
return 1`;
/** Ends this token's claim, nothing written: the key is as before (gone, when it was fresh). KEYS: key. ARGV: token. */
const RELEASE = `if redis.call('hget', KEYS[1], 'claim') == ARGV[1] then
  if redis.call('hget', KEYS[1], 'fresh') == '1' then redis.call('del', KEYS[1]) else redis.call('hdel', KEYS[1], 'claim', 'until') end
end
return 1`;

export class RedisCoordination implements Coordination {
  readonly locks: CustomerLocks;
  readonly changes: RedisChangeFeed;
  private readonly redis: Redis;
  private closed = false;
  private state: CoordinationHealth = { state: 'down', since: new Date().toISOString(), error: 'connecting' };

  constructor(private readonly options: RedisCoordinationOptions) {
    this.redis = new Redis(options.url, {
      // Fail commands at once while disconnected instead of queueing them until Redis is back:
      // an update then answers COORDINATION_UNAVAILABLE now, not after an unknown wait.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
      // Reconnect for as long as it takes, at most a second apart.
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    this.redis.on('ready', () => this.enter('up'));
    this.redis.on('error', (error: Error) => this.enter('down', error.message));
    this.redis.on('close', () => this.enter('down', this.state.error ?? 'connection closed'));
    const local = new LocalLocks();
    this.locks = options.metrics.timedLocks({ acquire: (name, deadlineAt) => this.acquire(local, name, lockWaitMs(this.options.waitMs, deadlineAt)) });
    this.changes = new RedisChangeFeed(this.redis, options.url, options.logger);
  }

  /** Resolves true once connected, or false after `timeoutMs` (start-up goes on either way). */
  async connected(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    const ready = new Promise<true>((resolve) => this.redis.once('ready', () => resolve(true)));
    return Promise.race([ready, sleep(timeoutMs, false)]);
  }

  budget(source: string, limit: RateLimit | null): RateBudget {
    return limit ? new LimiterBudget(this.limiter(windowsOf(limit), 'budget'), source, this.options.metrics) : UNLIMITED;
  }

  shares(limits: Record<string, RateLimit | null>, fraction: number): CallerShares {
    return new LimiterShares(shareLimiters(limits, fraction, (share, source) => this.limiter(share, `share:${source}`)));
  }

  keys(ttlMs: number): IdempotencyStore {
    return new RedisKeys(this.redis, ttlMs, this.options.logger);
  }

  /** Counts in Redis on `windows`, every replica against the same keys (`name`:<key>). */
  private limiter(windows: BudgetWindows, name: string): RateLimiterAbstract {
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${KEY_PREFIX}:${name}`,
      points: windows.perWindow,
      duration: windows.windowMs / 1000,
      customIncrTtlLuaScript: COUNT_IN_WINDOW,
      // Redis not connected: count in memory against this replica's part, at once.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memoryLimiter(replicaShare(windows, this.options.replicas), `${KEY_PREFIX}:${name}-replica-part`),
    });
  }

  health(): CoordinationHealth {
    return this.state;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.changes.close(), this.redis.quit().catch(() => this.redis.disconnect())]);
  }

  /**
   * Takes a customer's lease: in line behind this replica's own updates first, then in the line
   * in Redis, asking again until its turn comes or `waitMs` runs out.
   */
  private async acquire(local: LocalLocks, name: string, waitMs: number): Promise<HeldLock> {
    const { ttlMs, logger } = this.options;
    const deadline = Date.now() + waitMs;
    const releaseLocal = await local.acquire(name, waitMs);
    const key = `${KEY_PREFIX}:lock:${name}`;
    const line = `${KEY_PREFIX}:lock-line:${name}`;
    const token = randomUUID();
    const letGo = () => this.letGo(key, line, token);
    try {
      for (let attempt = 0; ; attempt++) {
        const sentAt = Date.now();
        const left = deadline - sentAt;
        // ioredis sends commands only while ready (no offline queue).
        const sent = this.redis.status === 'ready';
        const taken = await this.redis.eval(ACQUIRE, 2, key, line, token, ttlMs, Math.max(1, left)).catch((error: unknown) => {
          // Unanswered is not undone: Redis may still run the script once it answers again (it
          // was paused, or slow) and take the lease, or a place in line, for nobody.
          if (sent) void letGo();
          throw unavailable(error);
        });
        if (taken === 1) return new RedisLease(this.redis, key, token, { ttlMs, extendedAt: sentAt, failures: 0 }, letGo, releaseLocal, logger);
        if (Date.now() >= deadline) {
          // Out of line, so the next waiter need not wait for this one's deadline.
          await letGo();
          throw customerBusy(waitMs);
        }
        await sleep(Math.min(lockPollMs(attempt), deadline - Date.now()));
      }
    } catch (error) {
      releaseLocal();
      throw error;
    }
  }

  /**
   * Gives a token up, asking again until Redis answers (for at most a lease's TTL), so that no
   * command of it that Redis runs late leaves a lease or a place in line behind. Resolves after
   * the first try; the others go on in the background.
   */
  private async letGo(key: string, line: string, token: string): Promise<void> {
    const tryOnce = () =>
      this.redis.eval(LET_GO, 2, key, line, token).then(
        () => true,
        () => false,
      );
    if (await tryOnce()) return;
    const giveUpAt = Date.now() + this.options.ttlMs;
    this.options.logger.warn({ lock: key }, 'could not give a lock up in Redis; asking again until it answers');
    void (async () => {
      while (!this.closed && Date.now() < giveUpAt) {
        await sleep(LET_GO_RETRY_MS, undefined, { ref: false });
        if (await tryOnce()) return;
      }
    })();
  }

  private enter(state: CoordinationHealth['state'], error?: string) {
    const changed = state !== this.state.state;
    this.state = { state, since: changed ? new Date().toISOString() : this.state.since, ...(state === 'down' ? { error } : {}) };
    if (!changed) return;
    if (state === 'up') this.options.logger.info('redis connected: updates are coordinated across replicas');
    else
      this.options.logger.warn(
        { error },
        'redis unreachable: updates are refused until it is back; reads go on, each replica keeping its share of the budgets',
      );
  }
}

function unavailable(error: unknown): CoordinationError {
  return new CoordinationError(
    'COORDINATION_UNAVAILABLE',
    'Updates are paused: this replica cannot reach Redis, which keeps updates of a customer from overlapping across replicas. Nothing was written; reads still work. Retry in a few seconds: updates resume by themselves once Redis is back.',
    2,
    { cause: error },
  );
}

/** A lease this replica holds: renewed in the background, and confirmed before each write, until released or lost. */
class RedisLease implements HeldLock {
  private lost: CoordinationError | null = null;
  private released = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly token: string,
    private lease: LeaseState,
    private readonly letGo: () => Promise<void>,
    private readonly releaseLocal: () => void,
    private readonly logger: Logger,
  ) {
    this.schedule();
  }

  /**
   * Knowing the lease was not lost is not enough: Redis may have restarted empty since, and
   * another replica may hold a fresh lease. So ask Redis, extending the lease in the same step.
   */
  async confirm(): Promise<void> {
    if (this.lost) throw this.lost;
    const sentAt = Date.now();
    const kept = await this.redis.eval(RENEW, 1, this.key, this.token, String(this.lease.ttlMs)).catch((error: unknown) => {
      throw new CoordinationError(
        'COORDINATION_UNAVAILABLE',
        "This replica could not confirm with Redis that it still holds the customer's lock, so it did not send the write. Retry in a few seconds.",
        2,
        { cause: error },
      );
    });
    if (kept !== 1) throw this.lose('its lease in Redis was gone or taken (was Redis restarted?)');
    this.lease = { ...this.lease, extendedAt: sentAt, failures: 0 };
  }

  async release(): Promise<void> {
    this.released = true;
    clearTimeout(this.timer);
    await this.letGo();
    this.releaseLocal();
  }

  private schedule() {
    const delay = renewalDelay(this.lease, Date.now());
    if (delay === null) return void this.lose('its lease expired in Redis before it could be renewed');
    this.timer = setTimeout(() => void this.renew(), delay);
    this.timer.unref();
  }

  private async renew() {
    const sentAt = Date.now();
    try {
      const kept = await this.redis.eval(RENEW, 1, this.key, this.token, String(this.lease.ttlMs));
      if (kept !== 1) return void this.lose('its lease in Redis was gone or taken (was Redis restarted?)');
      this.lease = { ...this.lease, extendedAt: sentAt, failures: 0 };
    } catch {
      this.lease = { ...this.lease, failures: this.lease.failures + 1 };
    }
    if (!this.released) this.schedule();
  }

  private lose(why: string): CoordinationError {
    if (!this.lost && !this.released) this.logger.warn({ lock: this.key }, `lost a customer's lock: ${why}`);
    this.lost ??= new CoordinationError(
      'COORDINATION_UNAVAILABLE',
      `This replica lost the customer's lock (${why}), so it stopped before writing more. Retry in a few seconds.`,
      2,
    );
    return this.lost;
  }
}

/** Idempotency keys' claims and answers in Redis, shared by every replica. */
class RedisKeys implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  async begin(id: string, fingerprint: string, claimUntil: number, waitUntil: number): Promise<KeyBegun> {
    const key = `${KEY_PREFIX}:idempotency:${id}`;
    const token = randomUUID();
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      const claimMs = Math.max(1, claimUntil - Date.now());
      const found = await this.redis.eval(BEGIN, 1, key, fingerprint, token, claimMs, this.ttlMs).catch((error: unknown) => {
        throw unavailable(error);
      });
      const [kind, detail] = Array.isArray(found) ? found.map(String) : [];
      if (kind === 'reused') return { kind: 'reused' };
      if (kind === 'kept' && detail !== undefined) return { kind: 'kept', answer: detail };
      if (kind === 'claimed') return { kind: 'claimed', afterUnknown: detail === '1', claim: this.claim(key, token, fingerprint) };
      if (kind !== 'running') throw new Error(`Unexpected answer of the idempotency script: ${JSON.stringify(found)}`);
      // The first request with the key still runs: ask again until it ends, its claim lapses, or this one must answer.
      const left = Math.min(waitUntil - Date.now(), Number(detail));
      if (Date.now() >= waitUntil) throw keyBusy(Date.now() - startedAt);
      await sleep(Math.max(0, Math.min(lockPollMs(attempt), left)));
    }
  }

  /** Each ending is tried once: a claim Redis did not hear end lapses at its `until`, and the key then reads as unknown. */
  private claim(key: string, token: string, fingerprint: string): KeyClaim {
    const run = (what: string, script: string, ...args: (string | number)[]) =>
      this.redis.eval(script, 1, key, token, ...args).then(
        () => undefined,
        (error: unknown) => this.logger.warn({ error: String(error) }, `could not ${what} an idempotency key in Redis; its claim lapses by itself`),
      );
    return {
      keep: (answer) => run('keep the answer of', KEEP, fingerprint, answer, this.ttlMs),
      unresolved: () => run('end the claim of', UNRESOLVED, fingerprint, this.ttlMs),
      release: () => run('release', RELEASE),
    };
  }
}
