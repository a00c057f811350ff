// Per-request read limits: a large entity batch cannot flood a backend.
import { describe, expect, it } from 'vitest';
import { EntitiesDocument } from './generated/graphql.js';
import { globalId, useStack } from './support/stack.js';

const stack = useStack({ MAX_CONCURRENT_READS_PER_REQUEST: '2' });

describe('MAX_CONCURRENT_READS_PER_REQUEST', () => {
  it('keeps at most 2 backend reads of one request in flight', async () => {
    const keys = ['acme-corp', 'globex', 'initech', 'nordlicht-ab', 'umbrella', 'tyrell'];
    await stack.flowglad.fault({ count: keys.length, latencyMs: 300 });
    const representations = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Customer', id: globalId('flowglad', keys[i % keys.length]!) }));
    const result = await stack.graphql.execute(EntitiesDocument, { representations });
    expect(result.data!._entities.every((e) => e !== null)).toBe(true);

    const arrivals = (await stack.flowglad.requests()).map((r) => r.receivedAt);
    expect(arrivals).toHaveLength(keys.length);
    // Each read takes 300 ms; with a cap of 2 they arrive in waves of 2.
    const start = Math.min(...arrivals);
    const waves = arrivals.map((at) => Math.floor((at - start + 100) / 300));
    expect(waves.sort()).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
