// updateCustomer through the served schema, in process: what a caller sends reaches the domain
// intact, and the payload says what happened.
import { describe, expect, it } from 'vitest';
import { OPEN, execute } from '../testing/graphql.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { serviceOver } from '../testing/service.js';

const UPDATE = `mutation ($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { company updatedAt } changes { field from to } userErrors { field code } }
}`;

async function flexCustomer() {
  const flex = new InMemoryBackend('flex', 'FLEXPORTAL');
  flex.add('c1', { company: 'Theirs', updatedAt: new Date('2026-03-01T10:00:00.123Z') });
  const service = serviceOver([flex]);
  const { data } = await execute(service, OPEN, '{ customerByExternalId(source: "flex", externalId: "c1") { id updatedAt } }');
  const read = data!.customerByExternalId as { id: string; updatedAt: string };
  return { flex, service, ...read };
}

describe('updateCustomer', () => {
  it('keeps expectedUpdatedAt to the millisecond: the updatedAt read is accepted, one a millisecond off is a CONFLICT', async () => {
    const { flex, service, id, updatedAt } = await flexCustomer();
    expect(updatedAt).toBe('2026-03-01T10:00:00.123Z');
    const stale = await execute(service, OPEN, UPDATE, { input: { id, company: 'Mine', expectedUpdatedAt: '2026-03-01T10:00:00.122Z' } });
    expect(stale).toEqual({
      data: {
        updateCustomer: { customer: { company: 'Theirs', updatedAt }, changes: [], userErrors: [{ field: ['input', 'expectedUpdatedAt'], code: 'CONFLICT' }] },
      },
    });
    expect(flex.count('update')).toBe(0);
    const fresh = await execute(service, OPEN, UPDATE, { input: { id, company: 'Mine', expectedUpdatedAt: updatedAt } });
    expect(fresh.data?.updateCustomer).toMatchObject({
      customer: { company: 'Mine' },
      changes: [{ field: ['company'], from: 'Theirs', to: 'Mine' }],
      userErrors: [],
    });
  });

  it('writes nothing on a dry run, and says what would change', async () => {
    const { flex, service, id } = await flexCustomer();
    const result = await execute(service, OPEN, UPDATE, { input: { id, company: 'Mine', dryRun: true } });
    expect(result.data?.updateCustomer).toMatchObject({
      customer: { company: 'Theirs' },
      changes: [{ field: ['company'], from: 'Theirs', to: 'Mine' }],
      userErrors: [],
    });
    expect(flex.count('update')).toBe(0);
    expect(flex.stored('c1')?.company).toBe('Theirs');
  });
});
