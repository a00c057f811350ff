// useRequestId in-process, through Yoga's fetch (and once through its Node adapter): the id taken
// or made, answered on every response, and the scope every log line and backend call of the
// request reads it from.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { graphqlAnswer } from '../../support/answer.js';
import { capturingLogger } from '../../test/support/log-capture.js';
import { boundPort } from '../listen.js';
import { currentRequestScope, runInRequestScope } from '../telemetry/request-scope.js';
import { useAuth } from './useAuth.js';
import { useOperationLimits } from './useOperationLimits.js';
import { useRequestId } from './useRequestId.js';

const { logger, lines } = capturingLogger();

const schema = createSchema({
  typeDefs: 'type Query { id: String, logs: Boolean, node: Node } type Node { child: Node, name: String }',
  resolvers: {
    Query: {
      // What code far from the request sees: the domain and the adapters read the scope, not the context.
      id: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return currentRequestScope()?.requestId ?? null;
      },
      logs: () => {
        logger.info('from a resolver');
        return true;
      },
    },
  },
});
const yoga = createYoga({ schema, logging: false, plugins: [useRequestId(), useOperationLimits({ maxDepth: 2 })] });
const guarded = createYoga({ schema, logging: false, plugins: [useRequestId(), useAuth({ apiKeys: ['key-1'], logger })] });

const IdAnswer = graphqlAnswer(z.looseObject({ id: z.string().optional() }));

async function post(server: typeof yoga, query: string, headers: Record<string, string> = {}) {
  const res = await server.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: IdAnswer.parse(await res.json()) };
}

describe('useRequestId', () => {
  it("takes the caller's X-Request-Id, answers it, and the request's code sees it", async () => {
    const { requestId, body } = await post(yoga, '{ id }', { 'x-request-id': 'caller-42' });
    expect(requestId).toBe('caller-42');
    expect(body.data?.id).toBe('caller-42');
  });

  it('makes one when none is sent, and in place of one that is not a sane token', async () => {
    const sent: Record<string, string>[] = [{}, { 'x-request-id': 'has spaces and "quotes"' }, { 'x-request-id': 'x'.repeat(129) }];
    for (const headers of sent) {
      const { requestId, body } = await post(yoga, '{ id }', headers);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.data?.id).toBe(requestId);
    }
  });

  it('answers it on a refused document (400) and on a 401 too', async () => {
    const limited = await post(yoga, '{ node { child { child { name } } } }', { 'x-request-id': 'deep-1' });
    expect([limited.status, limited.requestId]).toEqual([400, 'deep-1']);
    const refused = await post(guarded, '{ id }', { 'x-request-id': 'nokey-1' });
    expect([refused.status, refused.requestId]).toEqual([401, 'nokey-1']);
  });

  it("puts it on the request's log lines", async () => {
    lines.length = 0;
    await post(yoga, '{ logs }', { 'x-request-id': 'logged-1' });
    expect(lines).toMatchObject([{ msg: 'from a resolver', requestId: 'logged-1' }]);
  });

  it('keeps a scope opened before Yoga (server.ts opens one for every request)', async () => {
    const { requestId, body } = await runInRequestScope('outer-1', () => post(yoga, '{ id }', { 'x-request-id': 'ignored' }));
    expect(requestId).toBe('outer-1');
    expect(body.data?.id).toBe('outer-1');
  });

  it("leaves the id server.ts put on the Node response as it is (the answer's headers are not rebuilt for it)", async () => {
    // A listener like server.ts's answeringFailures, but with two different ids (the same one in
    // practice), so that the answer shows whose header it carries.
    const server = createServer((req, res) => {
      res.setHeader('x-request-id', 'set-by-server');
      runInRequestScope('scope-1', () => yoga(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${boundPort(server)}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ id }' }),
      });
      expect(res.headers.get('x-request-id')).toBe('set-by-server');
      expect(IdAnswer.parse(await res.json()).data?.id).toBe('scope-1');
    } finally {
      server.close();
    }
  });
});
