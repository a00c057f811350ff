// useOperationMetrics in-process, through Yoga's fetch: each operation counted once by bounded
// name, type and outcome, with its duration, and each userError a mutation answers by code. The
// operations' tests share one plugin (the names it has kept carry over), so they assert differences.
import { GraphQLError, graphql } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../telemetry/metrics.js';
import { seriesValue } from '../testing/metrics.js';
import { useOperationMetrics } from './useOperationMetrics.js';

const schema = createSchema({
  typeDefs: 'type Query { ok: Int, refused: Int, down: Int, gone: Int } type Mutation { write: Int }',
  resolvers: {
    Query: {
      ok: () => 1,
      refused: () => {
        throw new GraphQLError('No.', { extensions: { code: 'BAD_USER_INPUT' } });
      },
      down: () => {
        throw new GraphQLError('Source "x" failed.', { extensions: { code: 'BACKEND_UNAVAILABLE', source: 'x' } });
      },
      gone: () => {
        throw new GraphQLError('Source "x" refused the configured credentials.', { extensions: { code: 'UNAUTHENTICATED', source: 'x' } });
      },
    },
    Mutation: { write: () => 1 },
  },
});
const metrics = new Metrics();
const yoga = createYoga({ schema, logging: false, plugins: [useOperationMetrics({ metrics, maxOperationNames: 6 })] });

async function post(body: unknown, to = yoga) {
  const res = await to.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

const value = (name: string, labels: Record<string, string>) => seriesValue(metrics, name, labels);

/** How much each series moved while `work` ran. */
async function moved(series: [string, Record<string, string>][], work: () => Promise<void>): Promise<number[]> {
  const before = await Promise.all(series.map(([name, labels]) => value(name, labels)));
  await work();
  const after = await Promise.all(series.map(([name, labels]) => value(name, labels)));
  return after.map((n, i) => n - before[i]!);
}

const OPERATIONS = 'customer_graph_graphql_operations_total';
const count = (operation: string, type: string, outcome: string): [string, Record<string, string>] => [OPERATIONS, { operation, type, outcome }];

describe('useOperationMetrics', () => {
  it('counts each operation once by name, type and outcome, and observes its duration', async () => {
    const series = [
      count('Read', 'query', 'ok'),
      count('Write', 'mutation', 'ok'),
      count('Refused', 'query', 'refused'),
      count('Down', 'query', 'failed'),
      count('Gone', 'query', 'failed'),
    ];
    // Observations so far: the histogram's +Inf bucket.
    const durationCount = () => value('customer_graph_graphql_operation_duration_seconds', { operation: 'Read', le: '+Inf' });
    const countsBefore = await durationCount();
    const counts = await moved(series, async () => {
      await post({ query: 'query Read { ok }' });
      await post({ query: 'query Read { ok }' });
      await post({ query: 'mutation Write { write }' });
      await post({ query: 'query Refused { refused }' });
      await post({ query: 'query Down { ok down }' });
      await post({ query: 'query Gone { gone }' });
    });
    expect(counts).toEqual([2, 1, 1, 1, 1]);
    expect((await durationCount()) - countsBefore).toBe(2);
  });

  it('counts documents that do not validate as refused, and ones that do not parse as type unknown', async () => {
    expect(
      await moved([count('Bad', 'query', 'refused'), count('anonymous', 'unknown', 'refused')], async () => {
        await post({ query: 'query Bad { nope }' });
        await post({ query: '{' });
      }),
    ).toEqual([1, 1]);
  });

  it('bounds the names: anonymous, and past the limit or not a plain name, other', async () => {
    expect(
      await moved([count('anonymous', 'query', 'ok'), count('other', 'query', 'ok')], async () => {
        await post({ query: '{ ok }' });
        // The tests before took the six names this plugin may keep.
        await post({ query: 'query Fourth { ok }' });
        await post({ query: `query Q${'x'.repeat(70)} { ok }` });
      }),
    ).toEqual([1, 2]);
  });
});

/** A mutation payload as the schema's are: userErrors with a code, next to what was done. */
const payloads = createSchema({
  typeDefs: `
    type Query { ok: Int }
    type UserError { message: String!, code: String! }
    type Payload { done: Boolean, userErrors: [UserError!]! }
    type Mutation { update(codes: [String!]!): Payload!, plain: Int }
  `,
  resolvers: {
    Mutation: {
      update: (_root: unknown, { codes }: { codes: string[] }) => ({ done: codes.length === 0, userErrors: codes.map((code) => ({ code, message: code })) }),
      plain: () => 1,
    },
  },
});

describe('useOperationMetrics on mutation payloads', () => {
  const userErrors = (of: Metrics, code: string) => seriesValue(of, 'customer_graph_user_errors_total', { code });

  it('counts each userError answered by code, whatever the operation selects of the payload', async () => {
    const counted = new Metrics();
    const served = createYoga({ schema: payloads, logging: false, plugins: [useOperationMetrics({ metrics: counted })] });
    expect(await post({ query: 'mutation { update(codes: ["INVALID", "REQUIRED"]) { userErrors { code } } }' }, served)).toEqual({
      data: { update: { userErrors: [{ code: 'INVALID' }, { code: 'REQUIRED' }] } },
    });
    await post({ query: 'mutation { update(codes: ["INVALID"]) { done } }' }, served);
    await post({ query: 'mutation { a: update(codes: ["CONFLICT"]) { e: userErrors { message } } plain }' }, served);
    await post({ query: 'mutation { update(codes: []) { done } }' }, served);
    expect([await userErrors(counted, 'INVALID'), await userErrors(counted, 'REQUIRED'), await userErrors(counted, 'CONFLICT')]).toEqual([2, 1, 1]);
  });

  it('leaves the schema it is given alone: another Yoga over it counts on its own metrics, and the schema itself counts nothing', async () => {
    const [first, second] = [new Metrics(), new Metrics()];
    const one = createYoga({ schema: payloads, logging: false, plugins: [useOperationMetrics({ metrics: first })] });
    const other = createYoga({ schema: payloads, logging: false, plugins: [useOperationMetrics({ metrics: second })] });
    await post({ query: 'mutation { update(codes: ["NOT_FOUND"]) { done } }' }, one);
    await post({ query: 'mutation { update(codes: ["NOT_FOUND", "NOT_FOUND"]) { done } }' }, other);
    await graphql({ schema: payloads, source: 'mutation { update(codes: ["NOT_FOUND"]) { done } }' });
    expect([await userErrors(first, 'NOT_FOUND'), await userErrors(second, 'NOT_FOUND')]).toEqual([1, 2]);
  });
});
