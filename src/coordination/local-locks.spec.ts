import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CoordinationError } from '../customers/coordination.js';
import { LocalLocks } from './local-locks.js';

describe('LocalLocks', () => {
  it('hands one name out in arrival order, and other names at once', async () => {
    const locks = new LocalLocks();
    const order: string[] = [];
    const release = await locks.acquire('a', 1000);
    const waiters = ['second', 'third'].map(async (who) => {
      const done = await locks.acquire('a', 1000);
      order.push(who);
      return done;
    });
    const other = await locks.acquire('b', 1000);
    order.push('b');
    await sleep(10);
    expect(order).toEqual(['b']);
    release();
    const second = await waiters[0]!;
    expect(order).toEqual(['b', 'second']);
    second();
    (await waiters[1]!)();
    other();
    expect(order).toEqual(['b', 'second', 'third']);
    expect(locks.held).toBe(0);
  });

  it('gives up waiting after the bound with CUSTOMER_BUSY, and the line moves on without it', async () => {
    const locks = new LocalLocks();
    const release = await locks.acquire('a', 1000);
    const impatient = locks.acquire('a', 50).catch((error: unknown) => error);
    const patient = locks.acquire('a', 5000);
    expect(await impatient).toBeInstanceOf(CoordinationError);
    expect(await impatient).toMatchObject({ code: 'CUSTOMER_BUSY', retryAfterSeconds: 1 });
    release();
    release(); // twice is harmless
    (await patient)();
    expect(locks.held).toBe(0);
  });
});
