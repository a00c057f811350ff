// Observability over real processes: the request id's round trip to the backends, /metrics as
// Prometheus reads it, one access line per request, and /ready knowing its sources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerByExternalIdDocument } from './generated/graphql.js';
import { logLines } from '../support/answer.js';
import { scrape, moved, value } from './support/metrics.js';
import { EMULATOR_KEYS, sourcesEnv, startServerProcess, type Spawned } from '../support/processes.js';
import { GraphQLClient, globalId, useStack } from './support/stack.js';
import { update } from './support/update.js';

const stack = useStack();
const base = () => stack.graphql.url.replace(/\/graphql$/, '');
const read = (source: string, externalId: string, headers: Record<string, string> = {}) =>
  stack.graphql.execute(CustomerByExternalIdDocument, { source, externalId }, headers);

/** The server's JSON log lines since `from`. */
const linesSince = (from: number) => logLines(stack.server.output.slice(from));

/** Another server process over the same emulators, with `env` on top. */
async function startServer(env: Record<string, string>) {
  return startServerProcess({ ...sourcesEnv({ flowglad: stack.flowglad.url, flexportal: stack.flexportal.url }), ...env });
}

describe('request id', () => {
  it("takes the caller's X-Request-Id, answers it, and sends it on every backend call of the request", async () => {
    const res = await fetch(stack.graphql.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-1' },
      body: JSON.stringify({
        query: 'mutation U($input: UpdateCustomerInput!) { updateCustomer(input: $input) { changes { field } userErrors { code } } }',
        variables: { input: { id: globalId('flowglad', 'acme-corp'), email: 'wile@acme.example' } },
      }),
    });
    expect(res.headers.get('x-request-id')).toBe('trace-me-1');
    const calls = await stack.flowglad.requests();
    // The read (changes are selected), the write: each carries the id.
    expect(calls.map((call) => call.method)).toEqual(['GET', 'PUT']);
    expect(calls.map((call) => call.requestId)).toEqual(['trace-me-1', 'trace-me-1']);
  });

  it('makes one when none (or no sane one) is sent, and the backends get that one', async () => {
    const res = await fetch(stack.graphql.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'not a token' },
      body: JSON.stringify({
        query:
          '{ a: customerByExternalId(source: "flowglad", externalId: "acme-corp") { id } b: customerByExternalId(source: "flexportal", externalId: "cus_1001") { id } }',
      }),
    });
    const made = res.headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await stack.flowglad.requests()).map((call) => call.requestId)).toEqual([made]);
    expect((await stack.flexportal.requests()).map((call) => call.requestId)).toEqual([made]);
  });

  it("answers one on every response, the server's own included", async () => {
    for (const path of ['/health', '/ready', '/metrics', '/nowhere']) {
      const res = await fetch(`${base()}${path}`, { headers: { 'x-request-id': `path-${path.length}` } });
      expect(res.headers.get('x-request-id'), path).toBe(`path-${path.length}`);
    }
    const tooLarge = await fetch(stack.graphql.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(tooLarge.status).toBe(415);
    expect(tooLarge.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('access log', () => {
  it('writes one info line per request with its id, operation, status, duration and backend calls; a refusal says why on it', async () => {
    const from = stack.server.output.length;
    await read('flowglad', 'acme-corp', { 'x-request-id': 'acc-read' });
    await stack.graphql.raw({ query: '{ nope }' }, { 'x-request-id': 'acc-bad', accept: 'application/graphql-response+json' });
    // The access line is written as the answer goes out; give the pipe a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = linesSince(from);
    // These two requests' lines only: an earlier test's line, written asynchronously, may land after `from`.
    const ours = (line: (typeof lines)[number]) => line.requestId === 'acc-read' || line.requestId === 'acc-bad';
    const access = lines.filter((line) => line.msg === 'request' && ours(line));
    expect(access).toEqual([
      expect.objectContaining({
        level: 30,
        requestId: 'acc-read',
        operationName: 'CustomerByExternalId',
        operationType: 'query',
        status: 200,
        durationMs: expect.any(Number),
        backendCalls: 1,
      }),
      expect.objectContaining({
        level: 30,
        requestId: 'acc-bad',
        operationName: null,
        operationType: 'query',
        status: 400,
        backendCalls: 0,
        refusals: [expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' })],
      }),
    ]);
    // Nothing else about those two requests at info or above: the refusal is not a second line.
    expect(lines.filter((line) => line.msg !== 'request' && ours(line))).toEqual([]);
  });
});

describe('metrics', () => {
  it('counts operations, backend attempts by status, retries, user errors and process metrics as known requests make them', async () => {
    const before = await scrape(`${base()}/metrics`);
    await read('flowglad', 'acme-corp');
    await update(stack, 'flexportal', 'cus_1001', { firstName: 'Emmy' });
    await stack.flowglad.fault({ status: 401 });
    const refused = await read('flowglad', 'globex');
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', source: 'flowglad' });
    await stack.flexportal.fault({ status: 503, method: 'GET' });
    await read('flexportal', 'cus_1001');
    const invalid = await update(stack, 'flowglad', 'acme-corp', { email: 'not an email' });
    expect(invalid.data!.updateCustomer.userErrors).toMatchObject([{ code: 'INVALID' }]);
    // One the domain finds (after a read), rather than the input check.
    const missing = await update(stack, 'flowglad', 'nobody-here', { email: 'x@example.com' });
    expect(missing.data!.updateCustomer.userErrors).toMatchObject([{ code: 'NOT_FOUND' }]);
    const after = await scrape(`${base()}/metrics`);

    const operations = (operation: string, type: string, outcome: string) =>
      moved(before, after, 'customer_graph_graphql_operations_total', { operation, type, outcome });
    expect(operations('CustomerByExternalId', 'query', 'ok')).toBe(2);
    expect(operations('CustomerByExternalId', 'query', 'failed')).toBe(1);
    // The update and the two answered with userErrors: all without errors.
    expect(operations('UpdateCustomer', 'mutation', 'ok')).toBe(3);
    expect(moved(before, after, 'customer_graph_graphql_operation_duration_seconds_count', { operation: 'UpdateCustomer', type: 'mutation' })).toBe(3);

    const backend = (source: string, method: string, status: string) =>
      moved(before, after, 'customer_graph_backend_requests_total', { source, method, status });
    expect(backend('flowglad', 'GET', '200')).toBe(1);
    expect(backend('flowglad', 'GET', '401')).toBe(1);
    expect(backend('flowglad', 'GET', '404')).toBe(1);
    // The update: a read, then the write; the 503 read: one failed attempt and its retry.
    expect(backend('flexportal', 'GET', '200')).toBe(2);
    expect(backend('flexportal', 'PUT', '200')).toBe(1);
    expect(backend('flexportal', 'GET', '503')).toBe(1);
    expect(moved(before, after, 'customer_graph_backend_retries_total', { source: 'flexportal' })).toBe(1);
    expect(moved(before, after, 'customer_graph_backend_request_duration_seconds_count', { source: 'flexportal', method: 'GET' })).toBe(3);
    expect(moved(before, after, 'customer_graph_user_errors_total', { code: 'INVALID' })).toBe(1);
    expect(moved(before, after, 'customer_graph_user_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    expect(moved(before, after, 'customer_graph_lock_wait_seconds_count', { outcome: 'acquired' })).toBe(2);

    expect(value(after, 'customer_graph_backend_circuit_state', { source: 'flowglad' })).toBe(0);
    expect(value(after, 'customer_graph_process_resident_memory_bytes')).toBeGreaterThan(0);
    // No label carries an id, a key or a customer's data.
    const text = await (await fetch(`${base()}/metrics`)).text();
    for (const leak of ['acme-corp', 'globex', 'cus_1001', 'nobody-here', 'Emmy', EMULATOR_KEYS.flowglad, EMULATOR_KEYS.flexportal])
      expect(text).not.toContain(leak);
  });
});

describe('/ready', () => {
  it('reports every source ok once used, and no credential', async () => {
    await read('flowglad', 'acme-corp');
    await read('flexportal', 'cus_1001');
    const res = await fetch(`${base()}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      sources: {
        flowglad: { state: 'ok', checkedAt: expect.any(String) },
        flexportal: { state: 'ok', checkedAt: expect.any(String) },
      },
    });
  });
});

describe('a source with a wrong key, and /metrics on a port of its own', () => {
  let server: Spawned;
  let url: string;
  let metricsUrl: string;
  const WRONG = 'sk_test_wrong_0123456789';

  beforeAll(async () => {
    const started = await startServer({ SOURCE_FLOWGLAD_API_KEY: WRONG, METRICS_PORT: '0' });
    server = started.process;
    url = started.url;
    const listening = logLines(server.output).find((line) => line.msg === 'customer-graph listening');
    metricsUrl = String(listening!.metrics);
  });
  afterAll(() => server?.stop());

  it('warns at start, before it listens, and /ready says unauthenticated for that source only, still 200, with no key', async () => {
    const lines = logLines(server.output);
    const warning = lines.findIndex((line) => line.msg === 'source probe failed: Source "flowglad" refused the configured credentials.');
    expect(lines[warning]).toMatchObject({ level: 40, source: 'flowglad', code: 'UNAUTHENTICATED', state: 'unauthenticated' });
    expect(warning).toBeLessThan(lines.findIndex((line) => line.msg === 'customer-graph listening'));

    const res = await fetch(url.replace(/\/graphql$/, '/ready'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      status: 'degraded',
      sources: {
        flowglad: { state: 'unauthenticated', checkedAt: expect.any(String) },
        flexportal: { state: 'ok', checkedAt: expect.any(String) },
      },
    });
    for (const secret of [WRONG, EMULATOR_KEYS.flowglad, EMULATOR_KEYS.flexportal, EMULATOR_KEYS.tenant]) expect(text).not.toContain(secret);
    expect(server.output.join('\n')).not.toContain(WRONG);
  });

  it('goes on serving the other source', async () => {
    const other = await new GraphQLClient(url).execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: 'cus_1001' });
    expect(other.data!.customerByExternalId!.name).toBe('Emma Larsson');
  });

  it('serves /metrics on METRICS_PORT, on loopback, and no longer on the main port', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scraped = await scrape(metricsUrl);
    expect(value(scraped, 'customer_graph_backend_requests_total', { source: 'flowglad', method: 'GET', status: '401' })).toBeGreaterThanOrEqual(1);
    expect((await fetch(url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
    expect((await fetch(metricsUrl.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
  });
});

describe('/metrics on the main port when API keys are configured', () => {
  let server: Spawned;
  let url: string;
  beforeAll(async () => {
    ({ process: server, url } = await startServer({ API_KEYS: 'scrape-key-1,other-key' }));
  });
  afterAll(() => server?.stop());

  it('needs one of them as a bearer token', async () => {
    const metrics = url.replace(/\/graphql$/, '/metrics');
    const none = await fetch(metrics);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(metrics, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraped = await scrape(metrics, { authorization: 'Bearer scrape-key-1' });
    expect(value(scraped, 'customer_graph_backend_circuit_state', { source: 'flexportal' })).toBe(0);
  });
});
