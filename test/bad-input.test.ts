// Every kind of bad input gets a clear error naming the field, and nothing reaches a backend.
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerByExternalIdDocument, UpdateCustomerDocument } from './generated/graphql.js';
import { globalId, useStack } from './support/stack.js';
import { payload } from './support/update.js';

const stack = useStack();
const emma = globalId('flexportal', 'cus_1001');
const mutation = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } userErrors { field message code } } }';

afterEach(async () => {
  // Whatever the test sent, no backend saw a write.
  expect(await stack.flowglad.writes()).toEqual([]);
  expect(await stack.flexportal.writes()).toEqual([]);
});

describe('bad input', () => {
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

  it('refuses a 2 MB body with 413', async () => {
    const body = JSON.stringify({ query: mutation, variables: { input: { id: emma, company: 'x'.repeat(2 * 1024 * 1024) } } });
    const res = await fetch(stack.graphql.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('larger than');
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
