// updateCustomer through the served schema, in process: what a caller sends reaches the domain
// intact, and the payload says what happened.
import { describe, expect, it } from 'vitest';
import { type Answer, OPEN, execute, tokenCaller } from '../testing/graphql.js';
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

describe('updateCustomer with an idempotencyKey', () => {
  const KEYED = `mutation ($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) { customer { company } changes { field from to } userErrors { field code message } clientMutationId replayed }
  }`;

  it('replays the first answer to a retry, echoing the retry’s own clientMutationId, which is not part of the input', async () => {
    const { flex, service, id } = await flexCustomer();
    const first = await execute(service, OPEN, KEYED, { input: { id, company: 'Mine', idempotencyKey: 'k-1', clientMutationId: 'first' } });
    expect(first.data?.updateCustomer).toMatchObject({
      changes: [{ field: ['company'], from: 'Theirs', to: 'Mine' }],
      clientMutationId: 'first',
      replayed: false,
    });
    const retry = await execute(service, OPEN, KEYED, { input: { id, company: ' Mine ', idempotencyKey: 'k-1', clientMutationId: 'retry' } });
    expect(retry.data?.updateCustomer).toEqual({ ...(first.data?.updateCustomer as object), clientMutationId: 'retry', replayed: true });
    expect(flex.count('update')).toBe(1);
  });

  /** Whether each answer was a replay. */
  const replays = (answers: Answer[]) => answers.map((answer) => (answer.data?.updateCustomer as { replayed: boolean } | undefined)?.replayed);

  it('takes the key as given: not trimmed, case kept', async () => {
    const { service, id } = await flexCustomer();
    const answers: Answer[] = [];
    for (const idempotencyKey of ['k', ' k', 'K', 'k']) answers.push(await execute(service, OPEN, KEYED, { input: { id, company: 'Mine', idempotencyKey } }));
    expect(replays(answers)).toEqual([false, false, false, true]);
  });

  it.each([
    ['', 'TOO_SHORT', 'must not be empty'],
    ['k'.repeat(256), 'TOO_LONG', 'at most 255'],
    ['nyckel-ö', 'INVALID', 'printable ASCII'],
    ['k\n1', 'INVALID', 'printable ASCII'],
  ])('refuses the key %j (%s) naming ["input","idempotencyKey"], writing nothing', async (idempotencyKey, code, message) => {
    const { flex, service, id } = await flexCustomer();
    const refused = await execute(service, OPEN, KEYED, { input: { id, company: 'Mine', idempotencyKey } });
    expect(refused.data?.updateCustomer).toEqual({
      customer: null,
      changes: [],
      userErrors: [{ field: ['input', 'idempotencyKey'], code, message: expect.stringContaining(message) }],
      clientMutationId: null,
      replayed: false,
    });
    expect(flex.count('update')).toBe(0);
  });

  it('accepts 255 printable ASCII characters', async () => {
    const { service, id } = await flexCustomer();
    const idempotencyKey = Array.from({ length: 255 }, (_, i) => String.fromCharCode(0x20 + (i % 95))).join('');
    const answer = await execute(service, OPEN, KEYED, { input: { id, company: 'Mine', idempotencyKey } });
    expect(answer.data?.updateCustomer).toMatchObject({ userErrors: [], replayed: false });
  });

  it('keeps each caller’s keys apart', async () => {
    const { service, id } = await flexCustomer();
    const callers = [
      { ...tokenCaller(null), key: 'jwt:a' },
      { ...tokenCaller(null), key: 'jwt:b' },
    ];
    const answers: Answer[] = [];
    for (const caller of [...callers, callers[0]!])
      answers.push(await execute(service, caller, KEYED, { input: { id, company: 'Mine', idempotencyKey: 'same' } }));
    expect(replays(answers)).toEqual([false, false, true]);
  });
});
