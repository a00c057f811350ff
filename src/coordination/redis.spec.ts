// The Redis adapter against a real redis-server: two instances stand for two replicas.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisServer } from '../../test/support/redis.js';
import { CoordinationError, type HeldLock } from '../customers/coordination.js';
import { RedisCoordination } from './redis.js';

let server: RedisServer;
/** A plain client to look at what the adapter stored. */
let inspect: Redis;
const replicas: RedisCoordination[] = [];
const replica = async (options: { ttlMs?: number; waitMs?: number } = {}) => {
  const coordination = new RedisCoordination({ url: server.url, ttlMs: 1200, waitMs: 300, replicas: 2, logger: pino({ level: 'silent' }), ...options });
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
    held.assertHeld();
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
    next.assertHeld();
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
    expect(() => held.assertHeld()).toThrow(/lost the customer's lock/);
    await held.release();
    expect(await inspect.get('customer-graph:lock:flowglad:stolen')).toBe('someone-else');
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
