import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogLine } from '../../test/support/answer.js';
import { useRefusalLog } from './useRefusalLog.js';

const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(LogLine.parse(JSON.parse(line))) });
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { ok: Int, refused(n: Int!): Int, failing: Int, backend: Int }',
    resolvers: {
      Query: {
        ok: () => 1,
        refused: () => {
          throw new GraphQLError('n is not allowed.', { extensions: { code: 'BAD_USER_INPUT' } });
        },
        failing: () => {
          throw new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
        },
        backend: () => {
          throw new GraphQLError('Source "x" failed.', { extensions: { code: 'NOT_FOUND', source: 'x' } });
        },
      },
    },
  }),
  plugins: [useRefusalLog({ logger })],
  logging: false,
});

async function logged(body: unknown) {
  lines.length = 0;
  await yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return [...lines];
}

describe('useRefusalLog', () => {
  it.each([
    ['an invalid document', { query: '{ nope }' }, /Cannot query field "nope"/],
    ['a syntax error', { query: '{' }, /Syntax Error/],
    ['a missing variable', { query: 'query ($n: Int!) { refused(n: $n) }' }, /"\$n" of required type "Int!" was not provided/],
    ['a refused argument', { query: '{ refused(n: 1) }' }, /n is not allowed/],
  ])('logs %s once, at info, without a stack', async (_label, body, message) => {
    const found = await logged(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: 30, msg: 'request refused', refusals: [{ message: expect.stringMatching(message) }] });
    expect(JSON.stringify(found[0])).not.toContain('stack');
  });

  it('logs nothing for a request that was answered in full', async () => {
    expect(await logged({ query: '{ ok }' })).toEqual([]);
  });

  it('leaves our faults and backend answers to the error log', async () => {
    expect(await logged({ query: '{ failing backend }' })).toEqual([]);
  });
});
