// Operation limits and quiet logs, over a real server: amplification is refused before anything
// runs, limits are named, and the caller's mistakes never reach the error log.
import { describe, expect, it } from 'vitest';
import { globalId, useStack } from './support/stack.js';
import { GraphQLAnswer, logLines } from '../support/answer.js';

const stack = useStack();
const emma = globalId('flexportal', 'cus_1001');

const aliasedUpdates = (count: number) =>
  `mutation ($id: ID!) { ${Array.from({ length: count }, (_, i) => `u${i}: updateCustomer(input: { id: $id, company: "Co ${i}" }) { userErrors { code } }`).join(' ')} }`;

const post = (body: unknown) =>
  fetch(stack.graphql.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: GraphQLAnswer.parse(await res.json()) }));

describe('operation limits', () => {
  it('refuses 30 aliased updateCustomer fields before anything runs: no backend call at all', async () => {
    const { status, body } = await post({ query: aliasedUpdates(30), variables: { id: emma } });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]!.message).toBe('Mutation limit of 10 exceeded, found 30: send at most 10 mutation fields in one request.');
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxMutations', max: 10 });
    expect(await stack.flexportal.requests()).toEqual([]);
  });

  it('runs 10 aliased updates, the limit', async () => {
    const { status, body } = await post({ query: aliasedUpdates(10), variables: { id: emma } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((await stack.flexportal.record('cus_1001')).company).toBe('Co 9');
  });

  it('names graphql-armor limits as limits, never as a syntax error, with status 400', async () => {
    const nested = '{ customers(source: "flexportal") { edges { node { billingAddress { city } } } } }';
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: customer(id: "${emma}") { id }`).join(' ')} }`;
    const tokens = `{ ${'__typename '.repeat(5001)} }`;
    for (const [query, limit] of [
      [aliases, 'maxAliases'],
      [tokens, 'maxTokens'],
    ] as const) {
      const { status, body } = await post({ query });
      expect(status).toBe(400);
      expect(body.errors![0]!.message).not.toMatch(/Syntax Error/);
      expect(body.errors![0]!.extensions).toMatchObject({ limit });
    }
    expect((await post({ query: nested })).status).toBe(200);
    expect(await stack.flexportal.writes()).toEqual([]);
  });
});

describe('logs', () => {
  it('logs caller mistakes once at info, without a stack, and nothing at error level', async () => {
    const mutation = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }';
    const before = stack.server.output.length;
    await post({ query: mutation, variables: { input: { id: emma, customerType: 'ROBOT' } } });
    await post({ query: mutation, variables: {} });
    await post({ query: '{ customer(id: "not an id") { id } }' });
    await post({ query: aliasedUpdates(11), variables: { id: emma } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = logLines(stack.server.output.slice(before));
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    // One access line each, saying why: no second line for the refusal.
    const refused = lines.filter((line) => line.msg === 'request' && line.refusals);
    expect(refused).toHaveLength(4);
    expect(lines.filter((line) => line.level === 30)).toHaveLength(4);
    for (const line of refused) {
      expect(line.level).toBe(30);
      expect(JSON.stringify(line)).not.toContain('stack');
    }
  });
});
