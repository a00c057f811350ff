// Every kind of bad input gets a clear error naming the field, and nothing reaches a backend.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CustomerByExternalIdDocument,
  CustomerDocument,
  CustomersDocument,
  NodeDocument,
  UpdateCustomerDocument,
  type UpdateCustomerInput,
} from './generated/graphql.js';
import { GraphQLAnswer } from '../support/answer.js';
import { globalId, useStack } from './support/stack.js';
import { payload } from './support/update.js';

const stack = useStack();
const emma = globalId('flexportal', 'cus_1001');
const mutation = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } userErrors { field message code } } }';

/** Every request either backend saw since the last reset. */
const backendRequests = async () => [...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())];

describe('bad input', () => {
  afterEach(async () => {
    // Whatever the test sent, no backend saw a write.
    expect(await stack.flowglad.writes()).toEqual([]);
    expect(await stack.flexportal.writes()).toEqual([]);
  });

  it('reports an invalid email, an empty first name and a bad phone all at once, with input paths', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { email: 'not-an-email', firstName: '   ', phone: '12' });
    expect(result.customer).toBeNull();
    expect(result.userErrors).toEqual([
      { field: ['input', 'email'], code: 'INVALID', message: expect.stringContaining('email must be a valid email address') },
      { field: ['input', 'firstName'], code: 'TOO_SHORT', message: 'firstName must not be empty.' },
      { field: ['input', 'phone'], code: 'INVALID', message: expect.stringContaining('phone must be a valid phone number') },
    ]);
    expect(await stack.flexportal.requests()).toEqual([]);
  });

  it('reports an unknown country inside an address with its full path', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { billingAddress: { country: 'Atlantis', city: 'X' } });
    expect(result.userErrors).toEqual([
      { field: ['input', 'billingAddress', 'country'], code: 'INVALID', message: expect.stringContaining('"Atlantis" is not a known country') },
    ]);
  });

  it('refuses too-long values with TOO_LONG', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { company: 'x'.repeat(301) });
    expect(result.userErrors).toEqual([{ field: ['input', 'company'], code: 'TOO_LONG', message: 'company must be at most 300 characters long.' }]);
  });

  it('refuses an unknown enum value before execution, naming the value and the enum', async () => {
    const result = await stack.graphql.raw({ query: mutation, variables: { input: { id: emma, customerType: 'ROBOT' } } });
    // GraphQL over HTTP: a request error is a 400 for application/graphql-response+json.
    expect(result.status).toBe(400);
    expect(result.errors![0]!.message).toMatch(/"ROBOT" does not exist in "CustomerType" enum/);
    expect(result.errors![0]!.message).toContain('input.customerType');
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an address without country, naming the field', async () => {
    const result = await stack.graphql.raw({ query: mutation, variables: { input: { id: emma, billingAddress: { city: 'Lund' } } } });
    expect(result.errors![0]!.message).toMatch(/at "input.billingAddress"; Field "country" of required type "String!" was not provided/);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['a malformed ID', 'not base64!', 'input.id is not a customer ID'],
    ['a base64 string that is not a customer ID', Buffer.from('Order:42').toString('base64url'), 'input.id is not a customer ID'],
    ['an ID of an unknown source', globalId('shopify', 'cus_1'), 'Unknown source "shopify"'],
    ['an ID whose key walks up the path', globalId('flowglad', '../../x'), 'must not contain slashes'],
    ['an ID whose key holds a control character', globalId('flexportal', 'cus\n1'), 'must not contain control characters'],
    ['an ID whose key is "." (URL resolution would turn it into the list route)', globalId('flowglad', '.'), 'must not be "."'],
    ['an ID whose key is ".."', globalId('flowglad', '..'), 'must not contain ".."'],
    ['an ID wrapped in a control character', `${emma}\u0000`, 'input.id must not contain control characters.'],
    ['an ID over 1000 characters', 'Q'.repeat(1001), 'input.id must be at most 1000 characters long.'],
  ])('refuses %s as BAD_USER_INPUT without calling a backend', async (_label, id, message) => {
    const result = await stack.graphql.execute(UpdateCustomerDocument, { input: { id, email: 'a@example.com' } });
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toContain(message);
    expect([...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())]).toEqual([]);
  });

  it('refuses externalId "../../x" in customerByExternalId without building a URL from it', async () => {
    const result = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flowglad', externalId: '../../x' });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'externalId' });
    expect(await stack.flowglad.requests()).toEqual([]);
  });

  it.each<[string, Omit<UpdateCustomerInput, 'id'>, string[], string, string]>([
    ['a first name of only a zero-width space', { firstName: '\u200b' }, ['firstName'], 'TOO_SHORT', 'firstName must not be empty.'],
    ['NUL inside a name', { name: 'Ada\u0000Lovelace' }, ['name'], 'INVALID', 'name must not contain control characters.'],
    ['an ANSI escape in a company', { company: '\u001b[31mEvil Corp' }, ['company'], 'INVALID', 'company must not contain control characters.'],
    [
      'a bidi override in a last name',
      { lastName: 'Lovelace\u202egnp.exe' },
      ['lastName'],
      'INVALID',
      'lastName must not contain bidirectional control characters (they reorder what people see).',
    ],
    [
      'a line2 of only a zero-width space',
      { shippingAddress: { country: 'SE', line2: '\u200b' } },
      ['shippingAddress', 'line2'],
      'TOO_SHORT',
      'shippingAddress.line2 must not be empty.',
    ],
    [
      'a phone number with an extension',
      { phone: '+46 70 123 45 67 ext. 89' },
      ['phone'],
      'INVALID',
      'phone has an extension, and extensions cannot be stored: send the number without one.',
    ],
    [
      'a lone surrogate in a city',
      { billingAddress: { country: 'SE', city: 'Lund\ud800' } },
      ['billingAddress', 'city'],
      'INVALID',
      'billingAddress.city must be valid Unicode text (it holds a lone surrogate).',
    ],
    ['a tab in clientMutationId', { clientMutationId: 'm\t1' }, ['clientMutationId'], 'INVALID', 'clientMutationId must not contain control characters.'],
  ])('refuses %s before any backend call', async (_label, fields, field, code, message) => {
    const result = await payload(stack, 'flexportal', 'cus_1001', fields);
    expect(result.customer).toBeNull();
    expect(result.userErrors).toEqual([{ field: ['input', ...field], code, message }]);
    expect(await backendRequests()).toEqual([]);
  });

  it('refuses a 500 KB country as TOO_LONG, without looking it up or echoing it', async () => {
    const start = performance.now();
    const result = await payload(stack, 'flexportal', 'cus_1001', { billingAddress: { country: 'Sweden'.repeat(85_000) } });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result.userErrors).toEqual([
      { field: ['input', 'billingAddress', 'country'], code: 'TOO_LONG', message: 'billingAddress.country must be at most 100 characters long.' },
    ]);
    expect(await backendRequests()).toEqual([]);
  });

  it.each([
    ['customerByExternalId with key "."', CustomerByExternalIdDocument, { source: 'flowglad', externalId: '.' }, 'externalId', 'must not be "."'],
    ['customerByExternalId with key ".."', CustomerByExternalIdDocument, { source: 'flowglad', externalId: '..' }, 'externalId', 'must not contain ".."'],
    [
      'customerByExternalId with a lone surrogate (found by the fuzzer: was INTERNAL_SERVER_ERROR)',
      CustomerByExternalIdDocument,
      { source: 'flowglad', externalId: '\udfffacme-corp' },
      'externalId',
      'externalId must be valid Unicode text',
    ],
    [
      'customerByExternalId with a 300-character key',
      CustomerByExternalIdDocument,
      { source: 'flowglad', externalId: 'x'.repeat(300) },
      'externalId',
      'externalId must be at most 255 characters long.',
    ],
    [
      'customerByExternalId with an ANSI escape in source',
      CustomerByExternalIdDocument,
      { source: 'flowglad\u001b[0m', externalId: 'globex' },
      'source',
      'source must not contain control characters.',
    ],
    ['node with a key of "."', NodeDocument, { id: globalId('flowglad', '.') }, 'id', 'must not be "."'],
    ['customer with a key of ".."', CustomerDocument, { id: globalId('flexportal', '..') }, 'id', 'must not contain ".."'],
    ['customer with only a zero-width space', CustomerDocument, { id: '\u200b' }, 'id', 'id must not be empty.'],
    ['customers with a 500 KB source', CustomersDocument, { source: 'f'.repeat(500_000) }, 'source', 'source must be at most 40 characters long.'],
    [
      'customers with a NUL in the cursor',
      CustomersDocument,
      { source: 'flowglad', after: 'WyJNdyIsMl0\u0000' },
      'after',
      'after must not contain control characters.',
    ],
  ])('refuses %s as BAD_USER_INPUT naming the argument, before any backend call', async (_label, document, variables, argument, message) => {
    const result = await stack.graphql.execute(document as typeof CustomerDocument, variables as never);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors![0]!.message).toContain(message);
    expect(await backendRequests()).toEqual([]);
  });

  it('names the argument of an invalid page size the same way', async () => {
    const result = await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 0 });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(await backendRequests()).toEqual([]);
  });

  it('refuses a 2 MB body with 413', async () => {
    const body = JSON.stringify({ query: mutation, variables: { input: { id: emma, company: 'x'.repeat(2 * 1024 * 1024) } } });
    const res = await fetch(stack.graphql.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(GraphQLAnswer.parse(await res.json()).errors?.[0]?.message).toContain('larger than');
  });

  it('refuses malformed JSON with 400', async () => {
    const result = await stack.graphql.raw('{"query": "mutation {', {});
    expect(result.status).toBe(400);
    expect(result.errors![0]!.message).toBe('POST body sent invalid JSON.');
  });

  it('refuses a wrong content type with 415 and says which one to use', async () => {
    const result = await stack.graphql.raw(JSON.stringify({ query: mutation, variables: { input: { id: emma, company: 'X' } } }), {
      'content-type': 'text/plain',
    });
    expect(result.status).toBe(415);
    expect(result.errors![0]!.message).toContain('application/json');
  });
});

describe('cleaned input', () => {
  it('stores "  Ada\u200b " as "Ada", and finds a customer by an ID and key with invisible characters around them', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { firstName: '  Ada\u200b ', clientMutationId: ' m-1\u200b' });
    expect(result.userErrors).toEqual([]);
    expect(result.customer!.firstName).toBe('Ada');
    expect(result.clientMutationId).toBe('m-1');
    expect((await stack.flexportal.record('cus_1001')).firstName).toBe('Ada');
    expect((await stack.flexportal.writes()).map((request) => request.body)).toEqual([{ firstName: 'Ada' }]);

    const byId = await stack.graphql.execute(CustomerDocument, { id: `\ufeff${emma} ` });
    expect(byId.data!.customer!.firstName).toBe('Ada');
    const byKey = await stack.graphql.execute(CustomerByExternalIdDocument, { source: ' flexportal', externalId: 'cus_1001\u200b' });
    expect(byKey.data!.customerByExternalId!.firstName).toBe('Ada');
  });
});

describe('one shape for a refused argument', () => {
  const cursorOf = (page: string) => Buffer.from(JSON.stringify([page, 0, '']), 'utf8').toString('base64url');

  it.each([
    ['a variable of the wrong type', 'query ($first: Int) { customers(source: "flowglad", first: $first) { totalCount } }', { first: 'x' }, '$first'],
    [
      'an unknown enum value inside a filter variable',
      'query ($f: CustomerFilter) { customers(source: "flexportal", filter: $f) { totalCount } }',
      { f: { status: 'NOPE' } },
      '$f.status',
    ],
    [
      'an address part AddressInput does not have (phone)',
      mutation,
      { input: { id: emma, billingAddress: { country: 'SE', phone: '+46701112233' } } },
      '$input.billingAddress',
    ],
    ['a required variable left out', 'query ($source: String!) { customers(source: $source) { totalCount } }', {}, '$source'],
    ['a page size out of range', 'query { customers(source: "flowglad", first: 0) { totalCount } }', {}, 'first'],
    ['a malformed email condition', 'query { customers(source: "flexportal", filter: { email: "nope" }) { totalCount } }', {}, 'filter.email'],
    ['an unknown source', 'query { customers(source: "shopify") { totalCount } }', {}, 'source'],
    [
      'a condition Flowglad cannot apply',
      'query { customers(source: "flowglad", filter: { customerType: BUSINESS }) { totalCount } }',
      {},
      'filter.customerType',
    ],
  ])('names %s in extensions.argument, and in nothing else', async (_label, query, variables, argument) => {
    const result = await stack.graphql.raw({ query, variables });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(await backendRequests()).toEqual([]);
  });

  it('names after when the backend refuses the page a cursor points at', async () => {
    const result = await stack.graphql.raw({
      query: 'query ($after: String) { customers(source: "flexportal", first: 2, after: $after) { totalCount } }',
      variables: { after: cursorOf('cus_9999') },
    });
    expect(result.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(result.errors![0]!.message).toContain('no longer accepts');
  });
});
