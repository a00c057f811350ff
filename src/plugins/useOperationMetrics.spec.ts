// useOperationMetrics in-process, through Yoga's fetch: each operation counted once by bounded
// name, type and outcome, with its duration. The registry is shared by the unit specs, so
// every assertion is on a difference.
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { registry } from '../telemetry/metrics.js';
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
const yoga = createYoga({ schema, logging: false, plugins: [useOperationMetrics({ maxOperationNames: 6 })] });

async function post(body: unknown) {
  await yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The current value of a series, 0 when it does not exist yet. */
async function value(name: string, labels: Record<string, string>): Promise<number> {
  const metric = registry.getSingleMetric(name);
  const found = (await metric!.get()).values.find((v) => Object.entries(labels).every(([key, label]) => v.labels[key] === label));
  return found?.value ?? 0;
}

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
