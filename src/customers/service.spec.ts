import { describe, expect, it } from 'vitest';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { serviceOver } from '../testing/service.js';
import { InvalidReferenceError } from './errors.js';
import type { UpdateOptions } from './update.js';

/** Short, so that a lock never given back shows as CUSTOMER_BUSY well within a test. */
const LOCK_WAIT_MS = 300;

/** A request deadline far enough away never to be reached in a spec. */
const soon = () => Date.now() + 60_000;

const write = (expectedUpdatedAt: Date | null = null): UpdateOptions => ({ expectedUpdatedAt, dryRun: false, reportChanges: true, deadlineAt: soon() });

describe('CustomerService.update under the customer lock', () => {
  it('gives the lock back after each update: updates of one customer follow one another without waiting out the lock', async () => {
    const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
    flex.add('c1');
    const service = serviceOver([flex], LOCK_WAIT_MS);
    const ref = service.resolveExternalId('flex', 'c1');
    // A lock never released makes the next update wait LOCK_WAIT_MS, then fail CUSTOMER_BUSY.
    for (const company of ['One', 'Two', 'Three']) {
      const result = await service.update(ref, { company }, write(), null);
      expect(result.userErrors).toEqual([]);
      expect(result.customer?.company).toBe(company);
    }
    await service.drain();
    expect(flex.stored('c1')?.company).toBe('Three');
  });

  it('runs concurrent updates of one customer one after another: of two with the same expectedUpdatedAt, one wins', async () => {
    const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
    const seen = flex.add('c1').updatedAt;
    const service = serviceOver([flex], LOCK_WAIT_MS);
    const ref = service.resolveExternalId('flex', 'c1');
    const results = await Promise.all(['A', 'B'].map((company) => service.update(ref, { company }, write(seen), null)));
    // Without the lock both read the same version before either writes, and both win.
    const [winner, loser] = [...results].sort((a, b) => a.userErrors.length - b.userErrors.length);
    expect(winner!.userErrors).toEqual([]);
    expect(loser!.userErrors.map((error) => error.code)).toEqual(['CONFLICT']);
    expect(flex.stored('c1')?.company).toBe(winner!.customer?.company);
    expect(flex.count('update')).toBe(1);
  });

  it('takes no lock for another customer', async () => {
    const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
    flex.add('c1');
    flex.add('c2');
    const service = serviceOver([flex], LOCK_WAIT_MS);
    const results = await Promise.all(['c1', 'c2'].map((key) => service.update(service.resolveExternalId('flex', key), { company: key }, write(), null)));
    expect(results.map((result) => result.customer?.company)).toEqual(['c1', 'c2']);
  });
});

describe('CustomerService.list', () => {
  function flexWithCustomers(): InMemoryBackend {
    const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
    flex.add('a1');
    flex.add('i1', { status: 'INACTIVE' });
    flex.add('a2');
    flex.add('a3');
    return flex;
  }

  it('continues a filtered list from its cursor', async () => {
    const service = serviceOver([flexWithCustomers()], LOCK_WAIT_MS);
    const first = await service.list('flex', 2, null, { status: 'ACTIVE' }, soon(), null);
    expect(first.edges.map((edge) => edge.customer.externalId)).toEqual(['a1', 'a2']);
    expect(first.hasNextPage).toBe(true);
    const next = await service.list('flex', 2, first.edges.at(-1)!.cursor, { status: 'ACTIVE' }, soon(), null);
    expect(next.edges.map((edge) => edge.customer.externalId)).toEqual(['a3']);
    expect(next.hasNextPage).toBe(false);
  });

  it('refuses a cursor with a filter other than the one its page was listed with, before asking the backend', async () => {
    const flex = flexWithCustomers();
    const service = serviceOver([flex], LOCK_WAIT_MS);
    const cursor = (await service.list('flex', 1, null, { status: 'ACTIVE' }, soon(), null)).edges[0]!.cursor;
    const listsBefore = flex.count('list');
    for (const filter of [{}, { status: 'INACTIVE' as const }, { status: 'ACTIVE' as const, customerType: 'BUSINESS' as const }]) {
      const refused = await service.list('flex', 1, cursor, filter, soon(), null).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidReferenceError);
      expect(refused).toMatchObject({ argument: 'after', message: expect.stringContaining('another filter') });
    }
    expect(flex.count('list')).toBe(listsBefore);
  });

  it('refuses a condition the backend cannot apply, rather than ignore it', async () => {
    const flowglad = new InMemoryBackend('fg', 'FLOWGLAD');
    const service = serviceOver([flowglad], LOCK_WAIT_MS);
    await expect(service.list('fg', 1, null, { email: 'a@example.com' }, soon(), null)).rejects.toMatchObject({ argument: 'filter.email' });
    expect(flowglad.count('list')).toBe(0);
  });
});
