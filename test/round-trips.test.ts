// How many backend calls an update costs: one (the write) when the request needs nothing stored,
// two (GET, then the write) when it does. Counted in the emulators' request logs.
import { describe, expect, it } from 'vitest';
import {
  UpdateCustomerChangesInFragmentDocument,
  UpdateCustomerDocument,
  UpdateCustomerMaybeChangesDocument,
  UpdateCustomerWithoutChangesDocument,
  type UpdateCustomerInput,
} from './generated/graphql.js';
import { globalId, useStack, type EmulatorClient, type GraphQLResult } from './support/stack.js';

const stack = useStack();

/** The calls `work` caused at a backend, as "METHOD path", and its result. */
async function callsDuring<T>(emulator: EmulatorClient, work: () => Promise<GraphQLResult<T>>): Promise<[T, string[]]> {
  const before = (await emulator.requests()).length;
  const result = await work();
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  const calls = (await emulator.requests()).slice(before).map((request) => `${request.method} ${request.path}`);
  return [result.data!, calls];
}

const input = (source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>): UpdateCustomerInput => ({ id: globalId(source, key), ...fields });

/** An update that selects customer and userErrors only. */
const withoutChanges = (source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>) =>
  stack.graphql.execute(UpdateCustomerWithoutChangesDocument, { input: input(source, key, fields) });

/** An update that selects changes too. */
const withChanges = (source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>) =>
  stack.graphql.execute(UpdateCustomerDocument, { input: input(source, key, fields) });

const BACKENDS = [
  {
    source: 'flowglad',
    key: 'tyrell',
    path: '/api/v1/customers/tyrell',
    emulator: () => stack.flowglad,
    // A field each backend stores, its wire key, its stored value and a new one.
    field: 'domain',
    wireKey: 'domain',
    stored: null,
    value: 'tyrell.example',
  },
  {
    source: 'flexportal',
    key: 'cus_1002',
    path: '/v1/customers/cus_1002',
    emulator: () => stack.flexportal,
    field: 'company',
    wireKey: 'company',
    stored: 'BrightDesk GmbH',
    value: 'BrightDesk SE',
  },
] as const;

describe.each(BACKENDS)('$source', ({ source, key, path, emulator, field, wireKey, stored, value }) => {
  it('makes one call, the write, when changes is not selected, and answers the customer from it', async () => {
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, key, { [field]: value }));
    expect(calls).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer.userErrors).toEqual([]);
    expect(data.updateCustomer.customer).toMatchObject({ externalId: key, [field]: value });
    expect((await emulator().record(key))[wireKey]).toBe(value);
  });

  it('makes two calls, GET then the write, when changes is selected', async () => {
    const [data, calls] = await callsDuring(emulator(), () => withChanges(source, key, { [field]: value }));
    expect(calls).toEqual([`GET ${path}`, `PUT ${path}`]);
    expect(data.updateCustomer.changes).toEqual([{ field: [field], from: stored, to: value }]);
  });

  it('sends a value already stored when it does not read (the trade), and nothing when it reads', async () => {
    const [direct, written] = await callsDuring(emulator(), () => withoutChanges(source, key, { [field]: stored }));
    expect(written).toEqual([`PUT ${path}`]);
    expect(direct.updateCustomer.userErrors).toEqual([]);
    const [read, readOnly] = await callsDuring(emulator(), () => withChanges(source, key, { [field]: stored }));
    expect(readOnly).toEqual([`GET ${path}`]);
    expect(read.updateCustomer.changes).toEqual([]);
  });

  it('reads first for changes selected under an alias inside a named fragment', async () => {
    const [data, calls] = await callsDuring(emulator(), () =>
      stack.graphql.execute(UpdateCustomerChangesInFragmentDocument, { input: input(source, key, { [field]: value }) }),
    );
    expect(calls).toEqual([`GET ${path}`, `PUT ${path}`]);
    expect(data.updateCustomer.diff).toEqual([{ field: [field], from: stored, to: value }]);
  });

  it.each([
    [false, 1],
    [true, 2],
  ])('follows @include(if: %s) on a fragment selecting changes: %i call(s)', async (withChanges, count) => {
    const [data, calls] = await callsDuring(emulator(), () =>
      stack.graphql.execute(UpdateCustomerMaybeChangesDocument, { input: input(source, key, { [field]: value }), withChanges }),
    );
    expect(calls).toHaveLength(count);
    expect(calls.at(-1)).toBe(`PUT ${path}`);
    expect(data.updateCustomer.userErrors).toEqual([]);
  });

  it('reads first for expectedUpdatedAt, without changes selected', async () => {
    const seen = (await withChanges(source, key, {})).data!.updateCustomer.customer!.updatedAt!;
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, key, { [field]: value, expectedUpdatedAt: seen }));
    expect(calls).toEqual([`GET ${path}`, `PUT ${path}`]);
    expect(data.updateCustomer.userErrors).toEqual([]);
  });

  it('only reads on dryRun, without changes selected', async () => {
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, key, { [field]: value, dryRun: true }));
    expect(calls).toEqual([`GET ${path}`]);
    expect(data.updateCustomer.customer![field]).toBe(stored);
  });

  it('only reads when the input gives nothing to write', async () => {
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, key, {}));
    expect(calls).toEqual([`GET ${path}`]);
    expect(data.updateCustomer.customer).toMatchObject({ externalId: key });
  });

  it('still verifies the answer without a read: a value the backend ignored is NOT_APPLIED', async () => {
    await emulator().fault({ ignoreFields: [wireKey] });
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, key, { [field]: value }));
    expect(calls).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer.userErrors).toEqual([
      { field: ['input', field], code: 'NOT_APPLIED', message: expect.stringContaining(`not ${JSON.stringify(value)}`) },
    ]);
    expect(data.updateCustomer.customer![field]).toBe(stored);
  });

  it("answers NOT_FOUND from the write's 404 without a read", async () => {
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, 'nobody', { [field]: value }));
    expect(calls).toEqual([`PUT ${path.replace(key, 'nobody')}`]);
    expect(data.updateCustomer).toEqual({
      customer: null,
      userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND', message: expect.stringContaining('No customer "nobody"') }],
    });
  });

  it('validates before any call: bad input is refused naming the field, and nothing is sent', async () => {
    const [data, calls] = await callsDuring(emulator(), () => withoutChanges(source, key, { email: 'not-an-email', [field]: value }));
    expect(calls).toEqual([]);
    expect(data.updateCustomer.userErrors).toEqual([
      { field: ['input', 'email'], code: 'INVALID', message: expect.stringContaining('email must be a valid email address') },
    ]);
  });
});

describe('flowglad: what needs the stored customer', () => {
  const path = '/api/v1/customers/tyrell';
  const calls = (fields: Omit<UpdateCustomerInput, 'id'>) => callsDuring(stack.flowglad, () => withoutChanges('flowglad', 'tyrell', fields));

  it('reads first for a half name (Flowglad keeps one name), and replaces that half', async () => {
    const [data, made] = await calls({ firstName: 'Roy' });
    expect(made).toEqual([`GET ${path}`, `PUT ${path}`]);
    expect(data.updateCustomer.customer).toMatchObject({ name: 'Roy Tyrell', firstName: 'Roy', lastName: 'Tyrell' });
  });

  it('writes both halves directly, joined into name', async () => {
    const [data, made] = await calls({ firstName: 'Roy', lastName: 'Batty' });
    expect(made).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer.customer).toMatchObject({ name: 'Roy Batty', firstName: 'Roy', lastName: 'Batty' });
    expect((await stack.flowglad.writes()).map((write) => write.body)).toEqual([{ customer: { name: 'Roy Batty' } }]);
  });

  it('refuses a half of two words before any call', async () => {
    const [data, made] = await calls({ firstName: 'Mary Ann', lastName: 'Batty' });
    expect(made).toEqual([]);
    expect(data.updateCustomer.userErrors).toEqual([
      { field: ['input', 'firstName'], code: 'UNSUPPORTED_FIELD', message: expect.stringContaining('send name instead') },
    ]);
  });

  it('reads first to archive (one way, through a POST that is not idempotent)', async () => {
    const [data, made] = await calls({ status: 'ARCHIVED' });
    expect(made).toEqual([`GET ${path}`, `POST ${path}/archive`]);
    expect(data.updateCustomer.customer).toMatchObject({ status: 'ARCHIVED' });
  });
});

describe('flexportal: what needs the stored customer', () => {
  const path = '/v1/customers/cus_1002';
  const calls = (fields: Omit<UpdateCustomerInput, 'id'>) => callsDuring(stack.flexportal, () => withoutChanges('flexportal', 'cus_1002', fields));
  const whole = {
    contactName: 'Front desk',
    company: null,
    line1: 'Unter den Linden 1',
    line2: null,
    locality: null,
    city: 'Berlin',
    region: null,
    postalCode: '10117',
    country: 'DE',
  };

  it('reads first to merge a partial address into the stored one', async () => {
    const [data, made] = await calls({ shippingAddress: { country: 'DE', line1: 'Unter den Linden 1' } });
    expect(made).toEqual([`GET ${path}`, `PUT ${path}`]);
    // The parts left out keep their stored values.
    expect(data.updateCustomer.customer!.shippingAddress).toMatchObject({ contactName: 'Front desk', company: 'BrightDesk GmbH', line1: 'Unter den Linden 1' });
  });

  it('writes an address giving every part directly, replacing the stored one', async () => {
    const [data, made] = await calls({ shippingAddress: whole });
    expect(made).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer.userErrors).toEqual([]);
    expect(data.updateCustomer.customer!.shippingAddress).toMatchObject({ ...whole, countryCode: 'DE', country: 'Germany' });
  });

  it('writes one half of the name directly (FlexPortal keeps both halves)', async () => {
    const [data, made] = await calls({ lastName: 'Khalil' });
    expect(made).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer.customer).toMatchObject({ name: 'Omar Khalil', firstName: 'Omar', lastName: 'Khalil' });
  });

  it("maps the write's refusal to the input field without a read (customer null: it was never read)", async () => {
    const [data, made] = await calls({ email: 'emma.larsson@example.se' });
    expect(made).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer).toEqual({
      customer: null,
      userErrors: [{ field: ['input', 'email'], code: 'REJECTED_BY_BACKEND', message: expect.stringContaining('already used by another customer') }],
    });
  });

  it('sets a status directly (an idempotent PUT)', async () => {
    const [data, made] = await calls({ status: 'INACTIVE' });
    expect(made).toEqual([`PUT ${path}`]);
    expect(data.updateCustomer.customer).toMatchObject({ status: 'INACTIVE' });
  });
});
