import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GraphQLAnswer } from '../../test/support/answer.js';
import { useOperationLimits } from './useOperationLimits.js';

let writes = 0;
const yoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Query { node: Node }
      type Node { child: Node, name: String }
      type Mutation { write: Int }
    `,
    resolvers: { Mutation: { write: () => ++writes } },
  }),
  plugins: [useOperationLimits({ maxDepth: 3, maxAliases: 5, maxTokens: 40, maxMutations: 2 })],
  logging: false,
});

async function post(query: string, accept = 'application/graphql-response+json') {
  const res = await yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: GraphQLAnswer.parse(await res.json()) };
}

describe('useOperationLimits', () => {
  it.each([
    ['depth', '{ node { child { child { child { name } } } } }', 'maxDepth', 3, /Query depth limit of 3 exceeded/],
    ['aliases', '{ a: node { name } b: node { name } c: node { name } d: node { name } e: node { name } f: node { name } }', 'maxAliases', 5, /Aliases limit of 5 exceeded, found 6/],
    ['mutation fields', 'mutation { a: write b: write c: write }', 'maxMutations', 2, /Mutation limit of 2 exceeded, found 3/],
  ])('refuses too many %s as a validation error naming the limit, never "Syntax Error"', async (_label, query, limit, max, message) => {
    const before = writes;
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.message).toMatch(message);
    expect(body.errors![0]!.message).not.toMatch(/Syntax Error/);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit, max });
    expect(writes).toBe(before);
  });

  it('refuses too many tokens as a request error naming the limit', async () => {
    const { status, body } = await post(`{ ${'name '.repeat(50)} }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toBe('Token limit of 40 exceeded.');
    expect(body.errors![0]!.extensions).toMatchObject({ limit: 'maxTokens', max: 40 });
  });

  it('counts mutation fields behind fragments, once per fragment', async () => {
    const refused = await post('mutation { ...W ... on Mutation { c: write } } fragment W on Mutation { a: write b: write }');
    expect(refused.body.errors![0]!.message).toMatch(/found 3/);
    const before = writes;
    const allowed = await post('mutation { ...W ...W } fragment W on Mutation { write }');
    expect(allowed.status).toBe(200);
    expect(writes).toBe(before + 1);
  });

  it('lets operations within every limit run', async () => {
    const before = writes;
    const { status, body } = await post('mutation { a: write b: write }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(writes).toBe(before + 2);
  });

  it('answers application/json callers with the same refusal', async () => {
    const { body } = await post('mutation { a: write b: write c: write }', 'application/json');
    expect(body.errors![0]!.extensions).toMatchObject({ limit: 'maxMutations' });
    expect(body.data).toBeUndefined();
  });
});
