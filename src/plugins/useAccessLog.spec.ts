// useAccessLog in-process, through Yoga's fetch: exactly one line per request, what it says,
// and a refusal said on that line rather than on a second one.
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../test/support/log-capture.js';
import { currentRequestScope } from '../telemetry/request-scope.js';
import { useAccessLog } from './useAccessLog.js';
import { useAuth } from './useAuth.js';
import { useRequestId } from './useRequestId.js';

const { logger, lines } = capturingLogger();

const schema = createSchema({
  typeDefs: 'type Query { ok: Int, calls: Int, refused(n: Int!): Int, failing: Int, backend: Int, busy: Int } type Mutation { write: Int }',
  resolvers: {
    Query: {
      ok: () => 1,
      // Stands in for the HTTP client, which counts each backend attempt in the scope.
      calls: () => {
        currentRequestScope()!.backendCalls += 3;
        return 3;
      },
      refused: () => {
        throw new GraphQLError('n is not allowed.', { extensions: { code: 'BAD_USER_INPUT' } });
      },
      failing: () => {
        throw new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
      // Coordination errors name no source, yet are not the caller's doing.
      busy: () => {
        throw new GraphQLError('The customer is busy.', { extensions: { code: 'CUSTOMER_BUSY' } });
      },
      backend: () => {
        throw new GraphQLError('Source "x" failed.', { extensions: { code: 'NOT_FOUND', source: 'x' } });
      },
    },
    Mutation: { write: () => 1 },
  },
});
const plugins = [useRequestId(), useAccessLog({ logger })];
const yoga = createYoga({ schema, logging: false, plugins });
const guarded = createYoga({ schema, logging: false, plugins: [...plugins, useAuth({ apiKeys: ['key-1'], logger })] });

async function logged(body: unknown, server = yoga, headers: Record<string, string> = {}) {
  lines.length = 0;
  await server.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return [...lines];
}

describe('useAccessLog', () => {
  it('logs one info line per request: id, operation, status, duration and backend calls', async () => {
    const found = await logged({ query: 'query Reads { calls }' }, yoga, { 'x-request-id': 'acc-1' });
    expect(found).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        service: 'customer-graph',
        requestId: 'acc-1',
        operationName: 'Reads',
        operationType: 'query',
        status: 200,
        durationMs: expect.any(Number),
        backendCalls: 3,
        msg: 'request',
      },
    ]);
  });

  it('names the operation chosen by operationName, and says null for an anonymous one', async () => {
    expect(await logged({ query: 'query A { ok } mutation B { write }', operationName: 'B' })).toMatchObject([
      { operationName: 'B', operationType: 'mutation' },
    ]);
    expect(await logged({ query: '{ ok }' })).toMatchObject([{ operationName: null, operationType: 'query', backendCalls: 0 }]);
  });

  it.each([
    ['an invalid document', { query: '{ nope }' }, 400, /Cannot query field "nope"/],
    ['a syntax error', { query: '{' }, 400, /Syntax Error/],
    ['a missing variable', { query: 'query ($n: Int!) { refused(n: $n) }' }, 400, /"\$n" of required type "Int!" was not provided/],
    ['a refused argument', { query: '{ refused(n: 1) }' }, 200, /n is not allowed/],
  ])('says why on the same line for %s, without a stack', async (_label, body, status, message) => {
    const found = await logged(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: 30, msg: 'request', status, refusals: [{ message: expect.stringMatching(message) }] });
    expect(JSON.stringify(found[0])).not.toContain('stack');
  });

  it('leaves our faults and backend answers out of refusals (they are logged where they are masked)', async () => {
    const found = await logged({ query: '{ failing backend busy }' });
    expect(found).toHaveLength(1);
    expect(found[0]).not.toHaveProperty('refusals');
  });

  it("says useAuth's reason on the line of a 401, never the credential", async () => {
    const found = await logged({ query: '{ ok }' }, guarded, { authorization: 'Bearer wrong-key-777' });
    expect(found).toEqual([expect.objectContaining({ status: 401, refusal: { code: 'UNAUTHENTICATED', reason: 'the API key is not valid' } })]);
    expect(JSON.stringify(found)).not.toContain('wrong-key-777');
  });
});
