// The Redis adapter against a real redis-server: two instances stand for two replicas.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisServer } from '../../support/redis.js';
import { CoordinationError, type HeldLock, type KeyBegun, type KeyClaim } from '../customers/coordination.js';
import { Metrics } from '../telemetry/metrics.js';
import { RedisCoordination } from './redis.js';

let server: RedisServer;
/** A plain client to look at what the adapter stored. */
let inspect: Redis;
const replicas: RedisCoordination[] = [];
const replica = async (options: { ttlMs?: number; waitMs?: number } = {}) => {
  const coordination = new RedisCoordination({
    url: server.url,
    ttlMs: 1200,
    waitMs: 300,
    replicas: 2,
    logger: pino({ level: 'silent' }),
    metrics: new Metrics(),
    ...options,
  });
  replicas.push(coordination);
  expect(await coordination.connected(5000)).toBe(true);
  return coordination;
};

beforeAll(async () => {
  server = await startRedis();
  inspect = new Redis(server.url);
  // It reconnects by itself after the outage test; its errors meanwhile are expected.
  inspect.on('error', () => undefined);
});
afterAll(async () => {
  await Promise.all(replicas.map((coordination) => coordination.close()));
  inspect?.disconnect();
  await server?.stop();
});

describe('RedisCoordination locks', () => {
  it('keep a lease while its holder works, renewing it past its TTL; another replica waits, then gets CUSTOMER_BUSY', async () => {
    const [a, b] = [await replica(), await replica()];
    const held = await a.locks.acquire('flowglad:renewed');
    await sleep(2000);
    await held.confirm();
    expect(await inspect.pttl('customer-graph:lock:flowglad:renewed')).toBeGreaterThan(0);
    const refused = await b.locks.acquire('flowglad:renewed').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CoordinationError);
    expect(refused).toMatchObject({ code: 'CUSTOMER_BUSY' });
    await held.release();
    expect(await inspect.exists('customer-graph:lock:flowglad:renewed')).toBe(0);
    await (await b.locks.acquire('flowglad:renewed')).release();
  });

  it('hand a released lease to a replica waiting for it', async () => {
    const [a, b] = [await replica(), await replica({ waitMs: 3000 })];
    const held = await a.locks.acquire('flowglad:handover');
    const waiting = b.locks.acquire('flowglad:handover');
    await sleep(200);
    await held.release();
    const next = await waiting;
    await next.confirm();
    await next.release();
  });

  it('hand a lease out first come, first served: a replica releasing it cannot take it back ahead of another that waits', async () => {
    const [a, b] = [await replica({ waitMs: 3000 }), await replica({ waitMs: 3000 })];
    const held = await a.locks.acquire('flowglad:fair');
    const bWaits = b.locks.acquire('flowglad:fair');
    await sleep(100);
    await held.release();
    const aAgain = a.locks.acquire('flowglad:fair');
    const order: string[] = [];
    const noted = async (who: string, acquiring: Promise<HeldLock>) => {
      const lock = await acquiring;
      order.push(who);
      return lock;
    };
    const bHeld = await noted('b', bWaits);
    const aHeld = noted('a', aAgain);
    await sleep(100);
    expect(order).toEqual(['b']);
    await bHeld.release();
    await (await aHeld).release();
    expect(order).toEqual(['b', 'a']);
  });

  it('release only their own lease, and notice when it is gone', async () => {
    const a = await replica();
    const held = await a.locks.acquire('flowglad:stolen');
    // Redis lost the lease (a restart without persistence) and another holder took it.
    await inspect.set('customer-graph:lock:flowglad:stolen', 'someone-else', 'PX', 10_000);
    await sleep(600);
    await expect(held.confirm()).rejects.toThrow(/lost the customer's lock/);
    await held.release();
    expect(await inspect.get('customer-graph:lock:flowglad:stolen')).toBe('someone-else');
  });

  it('confirm a lease by asking Redis, extending it, and refuse at once when another holder took it meanwhile', async () => {
    const a = await replica({ ttlMs: 5000 });
    const held = await a.locks.acquire('flowglad:fenced');
    const key = 'customer-graph:lock:flowglad:fenced';
    await inspect.pexpire(key, 1000);
    await held.confirm();
    expect(await inspect.pttl(key)).toBeGreaterThan(4000);
    // Redis restarted empty and another replica took a fresh lease, long before any renewal.
    await inspect.set(key, 'someone-else', 'PX', 10_000);
    const refused = await held.confirm().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CoordinationError);
    expect(refused).toMatchObject({ code: 'COORDINATION_UNAVAILABLE', message: expect.stringMatching(/lost the customer's lock/) });
    expect(await inspect.get(key)).toBe('someone-else');
    await held.release();
  });

  it('leave no lease and no place in line behind for an acquire that gave up while Redis was frozen', async () => {
    const [a, b, c] = [await replica({ ttlMs: 60_000, waitMs: 5000 }), await replica({ ttlMs: 60_000, waitMs: 5000 }), await replica({ ttlMs: 60_000 })];
    const free = 'customer-graph:lock:flowglad:frozen-free';
    const taken = 'customer-graph:lock:flowglad:frozen-taken';
    const holder = await c.locks.acquire('flowglad:frozen-taken');
    server.pause();
    let refusals: unknown[];
    try {
      // Both scripts are sent and wait in Redis's socket: one for a free lease, one for a held one.
      refusals = await Promise.all(
        [a.locks.acquire('flowglad:frozen-free'), b.locks.acquire('flowglad:frozen-taken')].map((p) => p.catch((error: unknown) => error)),
      );
      await sleep(500);
    } finally {
      server.resume();
    }
    for (const refused of refusals) expect(refused).toMatchObject({ code: 'COORDINATION_UNAVAILABLE' });
    // Redis ran them once resumed; the tokens they left are given up as soon as it answers.
    await vi.waitFor(
      async () => {
        expect(await inspect.exists(free)).toBe(0);
        expect(await inspect.zcard('customer-graph:lock-line:flowglad:frozen-taken')).toBe(0);
      },
      { timeout: 3000 },
    );
    await holder.release();
    const started = Date.now();
    await (await a.locks.acquire('flowglad:frozen-free')).release();
    await (await a.locks.acquire('flowglad:frozen-taken')).release();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await inspect.exists(taken)).toBe(0);
  });

  it('refuse to confirm a lease while Redis does not answer', async () => {
    const a = await replica();
    const held = await a.locks.acquire('flowglad:unconfirmed');
    server.pause();
    try {
      await expect(held.confirm()).rejects.toMatchObject({ code: 'COORDINATION_UNAVAILABLE', message: expect.stringMatching(/could not confirm/) });
    } finally {
      server.resume();
    }
    await held.release();
  });

  it('fail fast with COORDINATION_UNAVAILABLE while Redis is down, and work again once it is back', async () => {
    const a = await replica();
    await server.stop();
    try {
      const started = Date.now();
      const refused = await a.locks.acquire('flowglad:outage').catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'COORDINATION_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(500);
      // The client learns of the closed connection from an event that may follow the refusal.
      await vi.waitFor(() => expect(a.health()).toMatchObject({ state: 'down', error: expect.any(String) }), { timeout: 2000 });
    } finally {
      await server.start();
    }
    expect(await a.connected(5000)).toBe(true);
    expect(a.health()).toMatchObject({ state: 'up' });
    await (await a.locks.acquire('flowglad:outage')).release();
  });
});

describe('RedisCoordination budgets', () => {
  it('share one budget between replicas', async () => {
    const [a, b] = [await replica(), await replica()];
    // 4 per 1 s: windows of 1.1 s admitting 2.
    const limit = { count: 4, durationMs: 1000 };
    const [budgetA, budgetB] = [a.budget('shared', limit), b.budget('shared', limit)];
    const now = Date.now();
    expect(await budgetA.take(now)).toBeNull();
    expect(await budgetB.take(now)).toBeNull();
    const refused = await budgetA.take(now);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(1100);
    // Waiting is allowed up to latestStartAt: the next window's turn comes.
    expect(await budgetB.take(Date.now() + 2000)).toBeNull();
  });
});

describe('RedisCoordination idempotency keys', () => {
  const later = (ms: number) => Date.now() + ms;
  const claimOf = (begun: KeyBegun): KeyClaim => {
    if (begun.kind !== 'claimed') throw new Error(`expected a claim, found ${begun.kind}`);
    return begun.claim;
  };
  const stored = 'customer-graph:idempotency:';

  it('keep an answer for every replica, for the TTL, and refuse another input', async () => {
    const [a, b] = [(await replica()).keys(60_000), (await replica()).keys(60_000)];
    const claim = claimOf(await a.begin('kept', 'fp', later(5000), later(5000)));
    await claim.keep('answer');
    expect(await b.begin('kept', 'fp', later(5000), later(5000))).toEqual({ kind: 'kept', answer: 'answer' });
    expect(await b.begin('kept', 'other', later(5000), later(5000))).toEqual({ kind: 'reused' });
    const ttl = await inspect.pttl(`${stored}kept`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('make a retry on another replica wait for the running request and replay its answer', async () => {
    const [a, b] = [(await replica()).keys(60_000), (await replica()).keys(60_000)];
    const claim = claimOf(await a.begin('waited', 'fp', later(5000), later(5000)));
    expect(await b.begin('waited', 'other', later(5000), later(5000))).toEqual({ kind: 'reused' });
    const waiting = b.begin('waited', 'fp', later(5000), later(5000));
    await sleep(150);
    await claim.keep('answer');
    expect(await waiting).toEqual({ kind: 'kept', answer: 'answer' });
    // Not past its own deadline.
    const running = claimOf(await b.begin('busy', 'fp', later(5000), later(5000)));
    expect(await a.begin('busy', 'fp', later(5000), later(100)).catch((error: unknown) => error)).toMatchObject({ code: 'CUSTOMER_BUSY' });
    await running.release();
  });

  it('remember an unknown outcome for the TTL, forget a new key released, and treat a lapsed claim as unknown', async () => {
    const keys = (await replica()).keys(60_000);
    await claimOf(await keys.begin('released', 'fp', later(5000), later(5000))).release();
    expect(await inspect.exists(`${stored}released`)).toBe(0);
    await claimOf(await keys.begin('unknown', 'fp', later(5000), later(5000))).unresolved();
    const retry = await keys.begin('unknown', 'fp', later(5000), later(5000));
    expect(retry).toMatchObject({ kind: 'claimed', afterUnknown: true });
    await claimOf(retry).release();
    expect(await keys.begin('unknown', 'fp', later(5000), later(5000))).toMatchObject({ kind: 'claimed', afterUnknown: true });
    // A claim whose replica died lapses at its time.
    claimOf(await keys.begin('lapsed', 'fp', later(200), later(200)));
    await sleep(300);
    expect(await keys.begin('lapsed', 'fp', later(5000), later(5000))).toMatchObject({ kind: 'claimed', afterUnknown: true });
  });

  it('keep an answer or an unknown outcome that ends after Redis lost the key (a restart without persistence)', async () => {
    const keys = (await replica()).keys(60_000);
    const [kept, unknown] = [
      claimOf(await keys.begin('lost-kept', 'fp', later(5000), later(5000))),
      claimOf(await keys.begin('lost-unknown', 'fp', later(5000), later(5000))),
    ];
    await inspect.del(`${stored}lost-kept`, `${stored}lost-unknown`);
    await kept.keep('answer');
    await unknown.unresolved();
    expect(await keys.begin('lost-kept', 'fp', later(5000), later(5000))).toEqual({ kind: 'kept', answer: 'answer' });
    expect(await keys.begin('lost-unknown', 'fp', later(5000), later(5000))).toMatchObject({ kind: 'claimed', afterUnknown: true });
    expect(await keys.begin('lost-unknown', 'other', later(5000), later(5000))).toEqual({ kind: 'reused' });
  });

  it('forget an answer after the TTL', async () => {
    const keys = (await replica()).keys(1000);
    // The claim outlives the TTL; the answer is kept for the TTL from when it is kept.
    await claimOf(await keys.begin('expiring', 'fp', later(5000), later(5000))).keep('answer');
    expect(await keys.begin('expiring', 'fp', later(5000), later(5000))).toMatchObject({ kind: 'kept' });
    await sleep(1200);
    expect(await keys.begin('expiring', 'fp', later(5000), later(5000))).toMatchObject({ kind: 'claimed', afterUnknown: false });
  });

  it('refuse with COORDINATION_UNAVAILABLE while Redis does not answer', async () => {
    const keys = (await replica()).keys(60_000);
    server.pause();
    try {
      const startedAt = Date.now();
      await expect(keys.begin('down', 'fp', later(5000), later(5000))).rejects.toMatchObject({ code: 'COORDINATION_UNAVAILABLE' });
      expect(Date.now() - startedAt).toBeLessThan(4000);
    } finally {
      server.resume();
    }
  });
});
