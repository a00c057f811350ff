import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GraphQLAnswer } from '../../support/answer.js';
import { nestingOf, useOperationLimits } from './useOperationLimits.js';

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

/** The limits as served: the defaults. */
const served = createYoga({
  schema: createSchema({ typeDefs: 'type Query { node(list: [Int], input: In): Node } input In { in: In } type Node { child: Node, name: String }' }),
  plugins: [useOperationLimits()],
  logging: false,
});

async function post(query: string, accept = 'application/graphql-response+json', server = yoga) {
  const res = await server.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: GraphQLAnswer.parse(await res.json()) };
}

describe('useOperationLimits', () => {
  it.each([
    ['depth', '{ node { child { child { child { name } } } } }', 'maxDepth', 3, /Query depth limit of 3 exceeded/],
    [
      'aliases',
      '{ a: node { name } b: node { name } c: node { name } d: node { name } e: node { name } f: node { name } }',
      'maxAliases',
      5,
      /Aliases limit of 5 exceeded, found 6/,
    ],
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

  it.each([
    ['a 2,000-level list literal (8 KB)', `{ node(list: ${'['.repeat(2000)}${']'.repeat(2000)}) { name } }`],
    ['a deeply nested input object', `{ node(input: ${'{ in: '.repeat(1500)}null${' }'.repeat(1500)}) { name } }`],
    ['1,200 nested selections', `{ ${'node { '.repeat(1200)}name${' }'.repeat(1200)} }`],
  ])('refuses %s before parsing it, naming the nesting limit (a deep literal overflowed the parser: INTERNAL_SERVER_ERROR)', async (_label, query) => {
    const { status, body } = await post(query, undefined, served);
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.message).toMatch(/^Nesting limit of 100 exceeded, found \d+/);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxNesting', max: 100 });
  });

  it('counts brackets the lexer reads, not those inside strings and comments', () => {
    expect(nestingOf('{ node(list: [[1]]) { name } }', 5000)).toBe(4);
    expect(nestingOf(`{ node(list: [1]) { name } } # ${'['.repeat(500)}\n`, 5000)).toBe(3);
    expect(nestingOf(`query { a: node(input: { in: null }) { name } } # "${'{'.repeat(300)}"`, 5000)).toBe(3);
    expect(nestingOf('{ "unterminated', 5000)).toBe(1);
  });

  it('names the limit when graphql-js gives up comparing repeated fields (it said only "Validation aborted.")', async () => {
    const { status, body } = await post(`{ ${'__typename '.repeat(708)} }`, undefined, served);
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.message).not.toBe('Validation aborted.');
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxFieldComparisons', max: 500_000 });
  });

  it('names the limit when validation stops after 100 errors', async () => {
    const { body } = await post(`{ ${Array.from({ length: 120 }, (_, i) => `f${i}`).join(' ')} }`, undefined, served);
    expect(body.errors).toHaveLength(101);
    expect(body.errors![100]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxValidationErrors', max: 100 });
  });
});
