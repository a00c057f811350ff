import { describe, expect, it } from 'vitest';
import { UNLOCKED } from './coordination.js';
import { WriteSettlement } from './settlement.js';

const later = (ms: number, fail = false) => new Promise<void>((resolve, reject) => setTimeout(() => (fail ? reject(new Error('cut')) : resolve()), ms));

describe('WriteSettlement', () => {
  it('settles at once with nothing in flight', async () => {
    const settlement = new WriteSettlement(UNLOCKED);
    await settlement.settled();
    expect(settlement.size).toBe(0);
  });

  it('waits for every attempt, failed ones and ones added while it waits included', async () => {
    const settlement = new WriteSettlement(UNLOCKED);
    const order: string[] = [];
    settlement.add(later(30).then(() => void order.push('answered')));
    settlement.add(
      later(10, true).catch((error: unknown) => {
        order.push('cut');
        throw error;
      }),
    );
    setTimeout(() => settlement.add(later(60).then(() => void order.push('added later'))), 20);
    await settlement.settled();
    expect(order).toEqual(['cut', 'answered', 'added later']);
    expect(settlement.size).toBe(0);
  });

  it('gives up waiting at a given time, saying whether everything had settled', async () => {
    const settlement = new WriteSettlement(UNLOCKED);
    settlement.add(later(200));
    expect(await settlement.settledBy(Date.now() + 20)).toBe(false);
    expect(await settlement.settledBy(Date.now() + 1000)).toBe(true);
    expect(await settlement.settledBy(Date.now() - 1)).toBe(true);
  });
});
