// Who may do what, through the served schema executed in process: each rule refuses before any
// backend call, and lets through a caller that holds what it needs.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CustomerService } from '../customers/service.js';
import { OPEN, execute, tokenCaller, type Answer } from '../testing/graphql.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { serviceOver } from '../testing/service.js';
import { READ, WRITE } from './access.js';

let flowglad: InMemoryBackend;
let flex: InMemoryBackend;
let service: CustomerService;
/** Global IDs, as the API hands them out. */
const ids: Record<string, string> = {};

beforeEach(async () => {
  flowglad = new InMemoryBackend('fg', 'FLOWGLAD');
  flex = new InMemoryBackend('flex', 'FLEXPORTAL');
  flowglad.add('g1', { name: 'Grace Hopper' });
  flex.add('f1');
  service = serviceOver([flowglad, flex]);
  for (const [source, key] of [
    ['fg', 'g1'],
    ['flex', 'f1'],
  ] as const) {
    const { data } = await execute(service, OPEN, `{ customerByExternalId(source: "${source}", externalId: "${key}") { id } }`);
    ids[source] = (data!.customerByExternalId as { id: string }).id;
  }
  flowglad.calls.length = 0;
  flex.calls.length = 0;
});

const UPDATE = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { email } userErrors { code } } }';
const backendCalls = () => [...flowglad.calls, ...flex.calls];

/** The refusal of an operation: no data for the refused field, and the message naming what is missing. */
function expectForbidden(result: Answer, missing: string) {
  expect(result.errors?.map((error) => error.message)).toEqual([expect.stringMatching(new RegExp(`^Forbidden: .*${missing}`))]);
}

describe('the token scopes', () => {
  it(`refuses updateCustomer to a caller with ${READ} only, and writes nothing`, async () => {
    const result = await execute(service, tokenCaller([READ]), UPDATE, { input: { id: ids.fg, email: 'new@example.com' } });
    expectForbidden(result, `the scope ${WRITE}`);
    expect(result.data).toBeNull();
    expect(backendCalls()).toEqual([]);
    expect(flowglad.stored('g1')?.email).toBe('g1@example.com');
  });

  it(`lets a caller with ${READ} only read`, async () => {
    const result = await execute(service, tokenCaller([READ]), `{ customer(id: "${ids.fg}") { email } }`);
    expect(result).toEqual({ data: { customer: { email: 'g1@example.com' } } });
  });

  it(`lets a caller with ${WRITE} update`, async () => {
    const result = await execute(service, tokenCaller([READ, WRITE]), UPDATE, { input: { id: ids.fg, email: 'new@example.com' } });
    expect(result).toEqual({ data: { updateCustomer: { customer: { email: 'new@example.com' }, userErrors: [] } } });
    expect(flowglad.stored('g1')?.email).toBe('new@example.com');
  });

  it(`refuses every query to a caller with ${WRITE} only`, async () => {
    const result = await execute(service, tokenCaller([WRITE]), `{ customer(id: "${ids.fg}") { email } }`);
    expectForbidden(result, `the scope ${READ}`);
    expect(backendCalls()).toEqual([]);
  });
});

describe('the token sources (customer_sources)', () => {
  const flexOnly = tokenCaller(null, ['flex']);

  it.each([
    ['customer(id)', () => `{ customer(id: "${ids.fg}") { email } }`],
    ['node(id)', () => `{ node(id: "${ids.fg}") { id } }`],
    ['customerByExternalId', () => '{ customerByExternalId(source: "fg", externalId: "g1") { email } }'],
    ['customers', () => '{ customers(source: "fg") { edges { cursor } } }'],
  ])('refuses %s of another source, before reading it', async (_, query) => {
    const result = await execute(service, flexOnly, query());
    expectForbidden(result, 'access to source fg');
    expect(backendCalls()).toEqual([]);
  });

  it('refuses updateCustomer of another source, and writes nothing', async () => {
    const result = await execute(service, flexOnly, UPDATE, { input: { id: ids.fg, email: 'new@example.com' } });
    expectForbidden(result, 'access to source fg');
    expect(backendCalls()).toEqual([]);
  });

  it("lets the caller read and update its own source's customers", async () => {
    expect(await execute(service, flexOnly, `{ customer(id: "${ids.flex}") { email } }`)).toEqual({ data: { customer: { email: 'f1@example.com' } } });
    const result = await execute(service, flexOnly, UPDATE, { input: { id: ids.flex, email: 'mine@example.com' } });
    expect(result).toEqual({ data: { updateCustomer: { customer: { email: 'mine@example.com' }, userErrors: [] } } });
  });
});
