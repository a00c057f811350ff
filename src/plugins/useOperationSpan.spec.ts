import { ROOT_CONTEXT, SpanStatusCode, context, propagation, trace, type SpanContext } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useOperationSpan } from './useOperationSpan.js';

const exporter = new InMemorySpanExporter();
// Unit specs share their process (isolate: false): the SDK is registered for this file only.
beforeAll(() => new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register());
afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

/** The span each resolver of `seen` ran under. */
let seen: SpanContext | undefined;
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { hello: String, refused: Int } type Mutation { touch: Int }',
    resolvers: {
      Query: {
        hello: () => {
          seen = trace.getActiveSpan()?.spanContext();
          return 'hi';
        },
        refused: () => {
          throw new GraphQLError('customer ada@example.com is not allowed.', { extensions: { code: 'BAD_USER_INPUT' } });
        },
      },
      Mutation: { touch: () => 1 },
    },
  }),
  plugins: [useOperationSpan()],
  logging: false,
});

/** Posts `body` within a parent span (as the server span would be), and answers the spans exported. */
async function spansOf(body: unknown) {
  const parent = trace.getTracer('test').startSpan('parent');
  await context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
    yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
  parent.end();
  return { parent: parent.spanContext(), spans: exporter.getFinishedSpans().filter((span) => span.name !== 'parent') };
}

beforeEach(() => {
  exporter.reset();
  seen = undefined;
});

describe('useOperationSpan', () => {
  it('makes one span per operation, named by its type and name, under the current span, with the resolvers inside it', async () => {
    const { parent, spans } = await spansOf({ query: 'query Greeting { hello }', operationName: 'Greeting' });
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span!.name).toBe('query Greeting');
    expect(span!.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'Greeting' });
    expect(span!.spanContext().traceId).toBe(parent.traceId);
    expect(span!.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(seen?.spanId).toBe(span!.spanContext().spanId);
  });

  it('names an anonymous operation by its type alone', async () => {
    const { spans } = await spansOf({ query: 'mutation { touch }' });
    expect(spans.map((span) => [span.name, span.attributes])).toEqual([['mutation', { 'graphql.operation.type': 'mutation' }]]);
  });

  it('marks an operation with errors failed, by their codes, without their messages', async () => {
    const { spans } = await spansOf({ query: '{ refused }' });
    expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[0]!.attributes['graphql.error.codes']).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify([spans[0]!.attributes, spans[0]!.status, spans[0]!.events])).not.toContain('ada@example.com');
  });

  it('still makes a span, unnamed, for a document that does not parse', async () => {
    const { spans } = await spansOf({ query: '{' });
    expect(spans.map((span) => span.name)).toEqual(['GraphQL Operation']);
  });
});
