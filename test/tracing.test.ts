// Traces over real processes: a caller's traceparent, through the server span, the operation and
// the update's steps, down to each backend attempt, exported over OTLP/HTTP in both encodings to
// a receiver in the test; the emulators' request log shows the same trace reached the backends.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpdateCustomerDocument } from './generated/graphql.js';
import { OtlpReceiver, SPAN_KIND, STATUS_ERROR, type ReceivedSpan } from './support/otlp-receiver.js';
import { EMULATOR_KEYS, sourcesEnv, startServerProcess } from '../support/processes.js';
import { GraphQLClient, globalId, startStack, type Stack } from './support/stack.js';

const POLICY = { BACKEND_RETRIES: '2', BACKEND_RETRY_BASE_MS: '20', BREAKER_MIN_RPS: '10000' };
/** Exported within 100 ms of ending (the default batch delay is 5 s). */
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '100' };
/** What must never appear in a span: the customer's key and data, the new values, the credentials. */
const SECRETS = ['cus_1003', 'li.wei@example.com', 'Wei', 'Traced Labs', EMULATOR_KEYS.flexportal, EMULATOR_KEYS.flowglad, EMULATOR_KEYS.tenant];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A caller's span: the trace and span ids a gateway would send. */
function caller() {
  const traceId = hex(16);
  const spanId = hex(8);
  return { traceId, spanId, headers: { traceparent: `00-${traceId}-${spanId}-01` } };
}

const update = (graphql: GraphQLClient, headers: Record<string, string>) =>
  graphql.execute(UpdateCustomerDocument, { input: { id: globalId('flexportal', 'cus_1003'), company: 'Traced Labs' } }, headers);

/** The one span named `name` (fails when there is not exactly one). */
function only(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((span) => span.name === name);
  expect(
    found.map((span) => span.name),
    `spans named ${name}`,
  ).toEqual([name]);
  return found[0]!;
}

const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);

describe.each([
  ['http/json', 'application/json'],
  ['http/protobuf', 'application/x-protobuf'],
])('traces over OTLP %s', (protocol, contentType) => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await startStack({
      ...POLICY,
      ...FAST_EXPORT,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'graph-under-test',
    });
  });
  afterAll(async () => {
    await stack?.server.stop();
    await stack?.emulators.stop();
    await receiver?.close();
  });

  it('links the caller, the server, the operation, the update steps and each backend attempt in one trace, which the backend receives', async () => {
    await stack.flexportal.reset();
    await stack.flexportal.fault({ method: 'GET', status: 503 });
    const { traceId, spanId, headers } = caller();
    const result = await update(stack.graphql, headers);
    expect(result.data!.updateCustomer.userErrors).toEqual([]);

    const all = await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.kind === SPAN_KIND.SERVER));
    expect(receiver.exports.every((received) => received.contentType === contentType)).toBe(true);
    // Every span is the request's, but for the start-up probes' own traces.
    const probeTraces = new Set(all.filter((span) => span.name === 'source.probe').map((span) => span.traceId));
    const spans = all.filter((span) => span.traceId === traceId);
    expect(spans).toHaveLength(all.filter((span) => !probeTraces.has(span.traceId)).length);
    expect(probeTraces.size).toBe(2);
    expect(new Set(spans.map((span) => span.resource['service.name']))).toEqual(new Set(['graph-under-test']));
    const recorded = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.resource]));
    for (const secret of SECRETS) expect(recorded).not.toContain(secret);

    const server = only(spans, 'POST /graphql');
    expect(server).toMatchObject({ kind: SPAN_KIND.SERVER, parentSpanId: spanId });
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
    const operation = only(spans, 'mutation UpdateCustomer');
    expect(operation.parentSpanId).toBe(server.spanId);
    expect(operation.attributes).toEqual({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'UpdateCustomer' });
    const updateSpan = only(spans, 'customer.update');
    expect(updateSpan.parentSpanId).toBe(operation.spanId);
    expect(updateSpan.attributes).toMatchObject({ 'customer_graph.source': 'flexportal', 'customer_graph.update.changes': 1 });
    expect(childrenOf(spans, updateSpan).map((span) => span.name)).toEqual(
      expect.arrayContaining(['customer.update.lock', 'customer.update.read', 'customer.update.write', 'customer.update.verify']),
    );
    const read = only(spans, 'customer.update.read');
    const write = only(spans, 'customer.update.write');
    expect(write.attributes).toEqual({ 'customer_graph.update.step': 'fields', 'customer_graph.update.fields': ['company'] });

    // One client span per attempt: the read's 503, its retry, then the write.
    const attempts = (parent: ReceivedSpan) =>
      childrenOf(spans, parent).map((span) => ({ name: span.name, kind: span.kind, status: span.status, attributes: span.attributes }));
    const client = (method: string, attempt: number, status: number) => ({
      name: `${method} /v1/customers/{id}`,
      kind: SPAN_KIND.CLIENT,
      attributes: expect.objectContaining({
        'customer_graph.source': 'flexportal',
        'customer_graph.attempt': attempt,
        'http.request.method': method,
        'url.template': '/v1/customers/{id}',
        'http.response.status_code': status,
      }),
    });
    expect(attempts(read)).toEqual([
      { ...client('GET', 1, 503), status: STATUS_ERROR },
      { ...client('GET', 2, 200), status: 0 },
    ]);
    expect(childrenOf(spans, read)[1]!.attributes['http.request.resend_count']).toBe(1);
    expect(attempts(write)).toEqual([{ ...client('PUT', 1, 200), status: 0 }]);

    // Each backend request carried its own attempt's span as the parent, in the caller's trace.
    const clientSpans = [...childrenOf(spans, read), ...childrenOf(spans, write)];
    const log = await stack.flexportal.requests();
    expect(log.map((request) => `${request.method} ${request.status}`)).toEqual(['GET 503', 'GET 200', 'PUT 200']);
    expect(log.map((request) => request.traceparent)).toEqual(clientSpans.map((span) => `00-${traceId}-${span.spanId}-01`));
  });

  it('starts a trace of its own for a caller without traceparent', async () => {
    receiver.clear();
    const result = await stack.graphql.execute(UpdateCustomerDocument, { input: { id: globalId('flowglad', 'globex'), dryRun: true } });
    expect(result.errors).toBeUndefined();
    const spans = await receiver.waitFor((received) => received.some((span) => span.kind === SPAN_KIND.SERVER));
    const server = only(spans, 'POST /graphql');
    expect(server.parentSpanId).toBe('');
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([server.traceId]));
    expect(only(spans, 'GET /api/v1/customers/{id}').attributes['customer_graph.source']).toBe('flowglad');
  });

  it('sends the spans still buffered when it shuts down', async () => {
    receiver.clear();
    const urls = { flowglad: stack.flowglad.url, flexportal: stack.flexportal.url };
    // A batch delay no test waits for: only the flush at shutdown can send these spans.
    const server = await startServerProcess({
      ...sourcesEnv(urls),
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    });
    const { traceId, headers } = caller();
    await new GraphQLClient(server.url).execute(UpdateCustomerDocument, { input: { id: globalId('flowglad', 'globex'), dryRun: true } }, headers);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.exports).toEqual([]);
    expect(await server.process.stop()).toBe(0);
    expect(
      receiver
        .spans()
        .filter((span) => span.traceId === traceId)
        .map((span) => span.name),
    ).toContain('POST /graphql');
  });
});

describe('tracing off', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    // Everything but the endpoint: the sampler and protocol alone turn nothing on.
    stack = await startStack({ ...FAST_EXPORT, OTEL_TRACES_SAMPLER: 'always_on', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  });
  afterAll(async () => {
    await stack?.server.stop();
    await stack?.emulators.stop();
    await receiver?.close();
  });
  beforeEach(() => stack.flexportal.reset());

  /** Updates through `graphql` with a caller's traceparent; answers what the backend received. */
  async function tracedUpdate(graphql: GraphQLClient) {
    const result = await update(graphql, caller().headers);
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
    return (await stack.flexportal.requests()).map((request) => [request.method, request.traceparent]);
  }

  it('without an endpoint: answers as usual and passes no traceparent on (no SDK, no propagator: the API does nothing)', async () => {
    expect(await tracedUpdate(stack.graphql)).toEqual([
      ['GET', null],
      ['PUT', null],
    ]);
    expect(stack.server.output.join('\n')).not.toContain('tracing: exporting');
  });

  it('with OTEL_SDK_DISABLED=true: sends nothing to the endpoint', async () => {
    const urls = { flowglad: stack.flowglad.url, flexportal: stack.flexportal.url };
    const disabled = await startServerProcess({ ...sourcesEnv(urls), ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' });
    // Its start-up probe is not part of the update.
    await stack.flexportal.reset();
    try {
      expect(await tracedUpdate(new GraphQLClient(disabled.url))).toEqual([
        ['GET', null],
        ['PUT', null],
      ]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.exports).toEqual([]);
    } finally {
      await disabled.process.stop();
    }
  });
});

describe('tracing start and stop', () => {
  const nowhere = { flowglad: 'http://127.0.0.1:9', flexportal: 'http://127.0.0.1:9' };

  it('refuses to start on a protocol it cannot send, naming the variable', async () => {
    const failure = await startServerProcess({
      ...sourcesEnv(nowhere),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toContain('exited with 2');
    expect(message).toContain(
      'customer-graph cannot start:\n  OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported; use http/protobuf (the default) or http/json',
    );
  });

  it('still exits cleanly when the collector cannot be reached at shutdown, with a warning', async () => {
    const server = await startServerProcess({ ...sourcesEnv(nowhere), OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TIMEOUT: '1000' });
    await new GraphQLClient(server.url).raw({ query: '{ __typename }' });
    expect(await server.process.stop()).toBe(0);
    expect(server.process.output.join('\n')).toMatch(/"level":40.*"msg":"tracing: /);
  });
});
