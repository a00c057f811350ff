// Customer references over real processes: every entry point reads a reference the one way the
// access rules read it (a token limited to flowglad reaches FlexPortal by no spelling of an ID),
// `_entities` answers each malformed representation as the caller's mistake, and one request's
// fan-out to the backends is bounded. The emulators' request logs show what reached a backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { logLines } from '../support/answer.js';
import { AUDIENCE, bearer, ISSUER, jwksOf, serveJwks, signingKey, token, type SigningKey } from './support/jwt.js';
import { globalId, useStack, type GraphQLResult } from './support/stack.js';

const API_KEY = 'ak_test_references_0123456789';
const env: Record<string, string> = { API_KEYS: API_KEY, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };

let key: SigningKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;

// Registered before useStack's hook, so the server starts with the key set's URL.
beforeAll(async () => {
  key = await signingKey('ES256', 'ec-refs');
  jwks = await serveJwks(jwksOf(key));
  env.AUTH_JWKS_URL = jwks.url;
});
afterAll(() => jwks?.close());

const stack = useStack(env);

const acme = globalId('flowglad', 'acme-corp');
const emma = globalId('flexportal', 'cus_1001');
const flowgladOnly = async () => bearer(await token(key, { scope: 'customers:read customers:write', customer_sources: ['flowglad'] }));
const fullAccess = bearer(API_KEY);

/** The spellings of a reference that the cleaning every input gets turns back into it. */
const VARIANTS: [string, (value: string) => string][] = [
  ['a leading space', (value) => ` ${value}`],
  ['a leading no-break space', (value) => `\u00a0${value}`],
  ['a leading byte order mark', (value) => `\ufeff${value}`],
  ['a zero-width space inside', (value) => `${value.slice(0, 3)}\u200b${value.slice(3)}`],
  ['a word joiner inside', (value) => `${value.slice(0, 3)}\u2060${value.slice(3)}`],
  ['a trailing left-to-right mark', (value) => `${value}\u200e`],
  ['a trailing ideographic space', (value) => `${value}\u3000`],
];

/** A GraphQL string literal (JSON's escapes are GraphQL's). */
const literal = (value: string) => JSON.stringify(value);

/** Each entry point naming flexportal's cus_1001 through `spell`, as a literal and as a variable. */
function entryPoints(spell: (value: string) => string): [string, { query: string; variables?: Record<string, unknown> }][] {
  const id = spell(emma);
  const source = spell('flexportal');
  return [
    ['customer (literal)', { query: `{ customer(id: ${literal(id)}) { name } }` }],
    ['customer (variable)', { query: 'query ($id: ID!) { customer(id: $id) { name } }', variables: { id } }],
    ['node (literal)', { query: `{ node(id: ${literal(id)}) { id } }` }],
    ['node (variable)', { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id } }],
    ['customerByExternalId (literal)', { query: `{ customerByExternalId(source: ${literal(source)}, externalId: "cus_1001") { name } }` }],
    [
      'customerByExternalId (variable)',
      { query: 'query ($s: String!) { customerByExternalId(source: $s, externalId: "cus_1001") { name } }', variables: { s: source } },
    ],
    ['customers (literal)', { query: `{ customers(source: ${literal(source)}) { totalCount } }` }],
    ['customers (variable)', { query: 'query ($s: String!) { customers(source: $s) { totalCount } }', variables: { s: source } }],
    ['_entities (literal)', { query: `{ _entities(representations: [{ __typename: "Customer", id: ${literal(id)} }]) { __typename } }` }],
    [
      '_entities (variable)',
      { query: 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [{ __typename: 'Customer', id }] } },
    ],
    ['updateCustomer (literal)', { query: `mutation { updateCustomer(input: { id: ${literal(id)}, name: "Eve Mallory" }) { customer { name } } }` }],
    [
      'updateCustomer (variable)',
      { query: 'mutation ($id: ID!) { updateCustomer(input: { id: $id, name: "Eve Mallory" }) { customer { name } } }', variables: { id } },
    ],
  ];
}

const codes = (result: GraphQLResult<unknown>) => (result.errors ?? []).map((error) => error.extensions?.code);

/** The server's JSON log lines written since `from` (an index into its output). */
const linesSince = (from: number) => logLines(stack.server.output.slice(from));

describe('one reading of a customer reference', () => {
  it.each(VARIANTS)(
    'refuses a flowglad-only token FlexPortal through every entry point when the reference has %s; FlexPortal never called',
    async (_, spell) => {
      const headers = await flowgladOnly();
      for (const [name, body] of entryPoints(spell)) {
        const result = await stack.graphql.raw(body, headers);
        expect(codes(result), name).toEqual(['FORBIDDEN']);
        expect(result.errors![0]!.message, name).toBe('Forbidden: your credentials lack access to source flexportal.');
      }
      expect(await stack.flexportal.requests()).toEqual([]);
      expect((await stack.flexportal.record('cus_1001')).firstName).toBe('Emma');
    },
  );

  it.each(VARIANTS)('reads a flowglad customer whose ID has %s as that customer, for the same token', async (_, spell) => {
    const result = await stack.graphql.raw({ query: 'query ($id: ID!) { customer(id: $id) { name } }', variables: { id: spell(acme) } }, await flowgladOnly());
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: { name: 'Wile Coyote' } });
  });

  it('refuses a reference that does not read as BAD_USER_INPUT naming its argument, before any rule; nothing reaches a backend', async () => {
    const headers = await flowgladOnly();
    const cases: [string, Record<string, unknown>, string][] = [
      ['query ($id: ID!) { customer(id: $id) { name } }', { id: `${emma}\n` }, 'id'],
      ['query ($id: ID!) { node(id: $id) { id } }', { id: emma.slice(1) }, 'id'],
      ['mutation ($id: ID!) { updateCustomer(input: { id: $id, name: "Eve Mallory" }) { customer { name } } }', { id: '\u200b' }, 'input.id'],
      ['query ($s: String!) { customers(source: $s) { totalCount } }', { s: '\u202eflexportal' }, 'source'],
    ];
    for (const [query, variables, argument] of cases) {
      const result = await stack.graphql.raw({ query, variables }, headers);
      expect(codes(result), query).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.argument, query).toBe(argument);
    }
    expect([...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())]).toEqual([]);
  });
});

const EntitiesAnswer = z.object({
  data: z.object({ _entities: z.array(z.object({ name: z.string() }).nullable()) }).nullable(),
  errors: z
    .array(z.object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])), extensions: z.looseObject({ code: z.string() }) }))
    .optional(),
});

const entities = async (representations: unknown[], headers = fullAccess) =>
  EntitiesAnswer.parse(
    await stack.graphql.raw(
      { query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { name } } }', variables: { r: representations } },
      headers,
    ),
  );

describe('_entities: malformed representations are the caller’s mistake', () => {
  it('answers each malformed representation with null and its own BAD_USER_INPUT naming it, resolves the rest, and logs nothing above info', async () => {
    const from = stack.server.output.length;
    const representations = [
      { __typename: 'Customer', id: 42 },
      { id: acme },
      'Customer',
      { __typename: 'Order', id: acme },
      { __typename: 'Customer' },
      { __typename: 'Customer', id: { nested: acme } },
      { __typename: 'Customer', id: 'not-an-id' },
      { __typename: 'Customer', id: acme },
    ];
    const answer = await entities(representations);
    expect(answer.data!._entities).toEqual([null, null, null, null, null, null, null, { name: 'Wile Coyote' }]);
    expect(answer.errors!.map((error) => [error.path, error.extensions.code, error.extensions.argument])).toEqual([
      [['_entities', 0], 'BAD_USER_INPUT', 'representations[0].id'],
      [['_entities', 1], 'BAD_USER_INPUT', 'representations[1].__typename'],
      [['_entities', 2], 'BAD_USER_INPUT', 'representations[2]'],
      [['_entities', 3], 'BAD_USER_INPUT', 'representations[3].__typename'],
      [['_entities', 4], 'BAD_USER_INPUT', 'representations[4].id'],
      [['_entities', 5], 'BAD_USER_INPUT', 'representations[5].id'],
      [['_entities', 6], 'BAD_USER_INPUT', 'representations[6].id'],
    ]);
    expect(answer.errors![0]!.message).toBe('representations[0].id must be a string.');
    // Give the access line a moment to be written.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = linesSince(from);
    expect(lines.filter((line) => Number(line.level) > 30)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'request')).toHaveLength(1);
  });

  it('answers 100 malformed representations with 100 errors and not one error-level log line', async () => {
    const from = stack.server.output.length;
    const answer = await entities(Array.from({ length: 100 }, (_, index) => ({ id: index })));
    expect(answer.data!._entities).toEqual(Array.from({ length: 100 }, () => null));
    expect(new Set(answer.errors!.map((error) => error.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(linesSince(from).filter((line) => Number(line.level) > 30)).toEqual([]);
  });
});

describe('bounded fan-out', () => {
  const flowgladIds = (count: number, prefix = 'nobody') => Array.from({ length: count }, (_, index) => globalId('flowglad', `${prefix}-${index}`));

  it('refuses 9,000 representations naming MAX_ENTITIES_PER_REQUEST before any backend call', async () => {
    const answer = await entities(flowgladIds(9000).map((id) => ({ __typename: 'Customer', id })));
    expect(answer.data).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_ENTITIES_PER_REQUEST', max: 100, argument: 'representations' });
    expect(answer.errors![0]!.message).toContain('at most 100 representations per request');
    expect(await stack.flowglad.requests()).toEqual([]);
  });

  it('counts representations across aliased _entities fields: the ones past 100 are refused unread', async () => {
    const query = `query ($a: [_Any!]!, $b: [_Any!]!) {
      a: _entities(representations: $a) { __typename }
      b: _entities(representations: $b) { __typename }
    }`;
    const [a, b] = [flowgladIds(60, 'a'), flowgladIds(60, 'b')].map((ids) => ids.map((id) => ({ __typename: 'Customer', id })));
    const result = await stack.graphql.raw({ query, variables: { a, b } }, fullAccess);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions).toMatchObject({ limit: 'MAX_ENTITIES_PER_REQUEST', max: 100 });
    const reads = await stack.flowglad.requests();
    expect(reads).toHaveLength(60);
    expect(reads.every((request) => request.path.includes('/customers/a-'))).toBe(true);
  });

  it('reads at most 100 distinct customers per request (MAX_BACKEND_READS_PER_REQUEST): the one past it is an error, not a backend call', async () => {
    const query = `query ($r: [_Any!]!, $one: ID!, $again: ID!) {
      _entities(representations: $r) { __typename }
      one: customer(id: $one) { name }
      again: customer(id: $again) { name }
    }`;
    const ids = flowgladIds(100);
    // `again` names a customer already read: duplicates cost nothing.
    const variables = { r: ids.map((id) => ({ __typename: 'Customer', id })), one: acme, again: ids[0] };
    const result = await stack.graphql.raw({ query, variables }, fullAccess);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]).toMatchObject({ path: ['one'], extensions: { limit: 'MAX_BACKEND_READS_PER_REQUEST', max: 100 } });
    expect(result.errors![0]!.message).toContain('more than 100 customers');
    const reads = await stack.flowglad.requests();
    expect(reads).toHaveLength(100);
    expect(reads.some((request) => request.path.includes('acme-corp'))).toBe(false);
  });
});
