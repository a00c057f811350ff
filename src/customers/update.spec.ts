import { describe, expect, it } from 'vitest';
import { MemoryCoordination } from '../coordination/memory.js';
import { Metrics } from '../telemetry/metrics.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { CustomerChanges } from './changes.js';
import { WriteSettlement } from './settlement.js';
import { applyUpdate, type UpdateGuard } from './update.js';

/** What applyUpdate runs under: a real lock of the in-process coordination, and its live updates. */
async function guard(): Promise<UpdateGuard> {
  const coordination = new MemoryCoordination({ waitMs: 1000, metrics: new Metrics() });
  return {
    settlement: new WriteSettlement(await coordination.locks.acquire('spec')),
    deadlineAt: Date.now() + 60_000,
    changes: new CustomerChanges(coordination.changes, { maxSubscriptions: 0, remembered: 10 }),
  };
}

describe('applyUpdate with expectedUpdatedAt', () => {
  const stored = new Date('2026-03-01T10:00:00.123Z');

  it('writes when expectedUpdatedAt is the stored updatedAt to the millisecond', async () => {
    const backend = new InMemoryBackend('flex', 'FLEXPORTAL');
    backend.add('c1', { updatedAt: stored });
    const result = await applyUpdate(
      backend,
      'c1',
      { company: 'Mine' },
      { expectedUpdatedAt: new Date(stored), dryRun: false, reportChanges: false, deadlineAt: Date.now() + 60_000 },
      await guard(),
    );
    expect(result.userErrors).toEqual([]);
    expect(backend.stored('c1')?.company).toBe('Mine');
  });

  // Backends keep updatedAt in milliseconds: two writes within one second must still conflict.
  it.each([
    ['later', '2026-03-01T10:00:00.124Z'],
    ['earlier', '2026-03-01T10:00:00.000Z'],
    ['in the same second, later', '2026-03-01T10:00:00.999Z'],
  ])('refuses with CONFLICT and writes nothing when expectedUpdatedAt is %s by milliseconds', async (_, expected) => {
    const backend = new InMemoryBackend('flex', 'FLEXPORTAL');
    backend.add('c1', { company: 'Theirs', updatedAt: stored });
    const result = await applyUpdate(
      backend,
      'c1',
      { company: 'Mine' },
      { expectedUpdatedAt: new Date(expected), dryRun: false, reportChanges: false, deadlineAt: Date.now() + 60_000 },
      await guard(),
    );
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedUpdatedAt'] })]);
    expect(result.customer?.updatedAt).toEqual(stored);
    expect(backend.count('update')).toBe(0);
    expect(backend.stored('c1')?.company).toBe('Theirs');
  });
});
