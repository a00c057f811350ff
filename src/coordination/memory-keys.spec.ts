// The in-process store of idempotency keys: claims, waits, what each ending leaves, expiry and bounds.
import { describe, expect, it } from 'vitest';
import type { KeyBegun, KeyClaim } from '../customers/coordination.js';
import { MemoryKeys } from './memory-keys.js';

const later = (ms: number) => Date.now() + ms;
const claimOf = (begun: KeyBegun): KeyClaim => {
  if (begun.kind !== 'claimed') throw new Error(`expected a claim, found ${begun.kind}`);
  return begun.claim;
};

describe('MemoryKeys', () => {
  it('claims a new key, keeps its answer, and answers it for the same input only', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000 });
    const begun = await keys.begin('k', 'fp', later(1000), later(1000));
    expect(begun).toMatchObject({ kind: 'claimed', afterUnknown: false });
    await claimOf(begun).keep('answer');
    expect(await keys.begin('k', 'fp', later(1000), later(1000))).toEqual({ kind: 'kept', answer: 'answer' });
    expect(await keys.begin('k', 'other', later(1000), later(1000))).toEqual({ kind: 'reused' });
  });

  it('makes a retry wait for the running request, and hands it the answer', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000 });
    const claim = claimOf(await keys.begin('k', 'fp', later(5000), later(5000)));
    const waiting = keys.begin('k', 'fp', later(5000), later(5000));
    setTimeout(() => void claim.keep('answer'), 50);
    const startedAt = Date.now();
    expect(await waiting).toEqual({ kind: 'kept', answer: 'answer' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(40);
  });

  it('refuses another input at once while the first request runs', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000 });
    await keys.begin('k', 'fp', later(5000), later(5000));
    expect(await keys.begin('k', 'other', later(5000), later(5000))).toEqual({ kind: 'reused' });
  });

  it('stops waiting at its own deadline with CUSTOMER_BUSY', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000 });
    await keys.begin('k', 'fp', later(5000), later(5000));
    const startedAt = Date.now();
    await expect(keys.begin('k', 'fp', later(5000), later(60))).rejects.toMatchObject({
      code: 'CUSTOMER_BUSY',
      message: expect.stringContaining('idempotency key'),
    });
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('after a release forgets a new key, and keeps an unknown one unknown', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000 });
    await claimOf(await keys.begin('k', 'fp', later(1000), later(1000))).release();
    expect(keys.size).toBe(0);
    const again = await keys.begin('k', 'other', later(1000), later(1000));
    expect(again).toMatchObject({ kind: 'claimed', afterUnknown: false });
    await claimOf(again).unresolved();
    const retry = await keys.begin('k', 'other', later(1000), later(1000));
    expect(retry).toMatchObject({ kind: 'claimed', afterUnknown: true });
    await claimOf(retry).release();
    expect(await keys.begin('k', 'other', later(1000), later(1000))).toMatchObject({ kind: 'claimed', afterUnknown: true });
    // Still the first input's key.
    expect(await keys.begin('k', 'fp', later(1000), later(1000))).toEqual({ kind: 'reused' });
  });

  it('counts a claim that lapsed (its request never ended it) as an unknown outcome', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000 });
    const lapsed = claimOf(await keys.begin('k', 'fp', later(30), later(30)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const retry = await keys.begin('k', 'fp', later(1000), later(1000));
    expect(retry).toMatchObject({ kind: 'claimed', afterUnknown: true });
    // The lapsed request's answer still counts as the first completed one; the retry's is not kept over it.
    await lapsed.keep('first');
    await claimOf(retry).keep('second');
    expect(await keys.begin('k', 'fp', later(1000), later(1000))).toEqual({ kind: 'kept', answer: 'first' });
  });

  it('forgets a key after its TTL, but not while its request runs', async () => {
    const keys = new MemoryKeys({ ttlMs: 30 });
    const claim = claimOf(await keys.begin('k', 'fp', later(1000), later(1000)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await keys.begin('k', 'other', later(1000), later(10))).toEqual({ kind: 'reused' });
    await claim.keep('answer');
    expect(await keys.begin('k', 'fp', later(1000), later(1000))).toEqual({ kind: 'kept', answer: 'answer' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await keys.begin('k', 'fp', later(1000), later(1000))).toMatchObject({ kind: 'claimed', afterUnknown: false });
  });

  const kept = async (keys: MemoryKeys, id: string, answer: string) => claimOf(await keys.begin(id, 'fp', later(1000), later(1000))).keep(answer);
  const isKept = async (keys: MemoryKeys, id: string) => (await keys.begin(id, 'fp', later(1000), later(1000))).kind === 'kept';

  it('keeps at most maxKeys keys, dropping the least recently used first', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000, maxKeys: 2 });
    await kept(keys, 'a', '1');
    await kept(keys, 'b', '1');
    expect(await isKept(keys, 'a')).toBe(true);
    await kept(keys, 'c', '1');
    expect(keys.size).toBe(2);
    expect([await isKept(keys, 'a'), await isKept(keys, 'c'), await isKept(keys, 'b')]).toEqual([true, true, false]);
  });

  it('keeps at most maxBytes of answers, the same way', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000, maxBytes: 10 });
    await kept(keys, 'a', '12345');
    await kept(keys, 'b', '12345');
    await kept(keys, 'c', '1');
    expect([await isKept(keys, 'b'), await isKept(keys, 'c'), await isKept(keys, 'a')]).toEqual([true, true, false]);
  });

  it('never drops the key of a request that still runs', async () => {
    const keys = new MemoryKeys({ ttlMs: 60_000, maxKeys: 1 });
    const running = claimOf(await keys.begin('running', 'fp', later(5000), later(5000)));
    await kept(keys, 'a', '1');
    expect(await keys.begin('running', 'other', later(1000), later(1000))).toEqual({ kind: 'reused' });
    await running.keep('answer');
    expect(await isKept(keys, 'running')).toBe(true);
  });
});
