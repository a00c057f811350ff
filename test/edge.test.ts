// The edge: no request, however malformed, slow or numerous, ends the process or runs it out of
// memory, and cross-origin access goes to the configured origins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type Spawned } from './support/processes.js';
import { RawConnection, rawRequest } from './support/raw-http.js';

/** One process, its backends the embedded emulators, listening on loopback only. */
const EMBEDDED = { SOURCES: '', FLOWGLAD_EMULATOR_PORT: '0', FLEXPORTAL_EMULATOR_PORT: '0', HOST: '127.0.0.1' };
const TYPENAME = '{"query":"{ __typename }"}';
const MB = 1_048_576;

function useServer(env: Record<string, string>) {
  // Filled in beforeAll, before any test reads it.
  const server = {} as { base: string; process: Spawned };
  beforeAll(async () => {
    const started = await startServerProcess({ ...EMBEDDED, ...env });
    Object.assign(server, { base: started.url.replace('/graphql', '').replace('localhost', '127.0.0.1'), process: started.process });
  });
  afterAll(async () => {
    await server.process?.stop();
  });
  return server;
}

/** A request as raw bytes (latin1: each char one byte), closing the connection after it. */
const raw = (method: string, path: string, headers: string[] = [], body = '') =>
  [`${method} ${path} HTTP/1.1`, 'Host: edge.test', 'Connection: close', ...headers, ...(body ? [`Content-Length: ${Buffer.byteLength(body, 'latin1')}`] : []), '', body].join('\r\n');

/** Bytes written as a latin1 string (each char one byte). */
const bytes = (latin1: string) => Uint8Array.from(Buffer.from(latin1, 'latin1'));
const post = (url: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const postJson = (base: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) => post(`${base}/graphql`, body, headers);

/** A JSON body of exactly `length` bytes that Yoga runs as `{ __typename }`. */
const paddedQuery = (length: number) => {
  const head = '{"query":"{ __typename }","extensions":{"pad":"';
  return `${head}${'x'.repeat(length - head.length - 3)}"}}`;
};

const headersOf = (length: number) =>
  `POST /graphql HTTP/1.1\r\nHost: edge.test\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe('malformed requests', () => {
  const server = useServer({});
  const ROUTES = ['/health', '/ready', '/graphql', '/graphiql/yoga-graphiql.umd.js', '/graphiql/', '/no-such-path'];

  it.each(['%E0%A4%A', '%', '%zz'])('answers the bad percent-encoding %s in every route, method and place with a 4xx', async (bad) => {
    const requests = ROUTES.flatMap((route) => [`${route}${bad}`, `${route}?query=${bad}&variables=${bad}`]).flatMap((path) => [
      fetch(`${server.base}${path}`),
      post(`${server.base}${path}`, TYPENAME),
      fetch(`${server.base}${path}`, { method: 'OPTIONS' }),
    ]);
    for (const res of await Promise.all(requests)) expect(res.status, res.url).toBeLessThan(500);
    // The playground's assets route decodes the path: bad encoding there is the caller's error.
    const asset = await fetch(`${server.base}/graphiql/${bad}.js`);
    expect(asset.status).toBe(400);
    expect(await asset.json()).toEqual({ errors: [{ message: 'The URL path is not valid percent-encoding.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers bad JSON in the variables of a GET with 400 naming the parameter, not as an error of ours', async () => {
    const res = await fetch(`${server.base}/graphql?query=%7B__typename%7D&variables=%zz`, { headers: { accept: 'application/graphql-response+json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'The "variables" parameter is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('serves the playground assets, and nothing outside them however the path walks up', async () => {
    const asset = await fetch(`${server.base}/graphiql/monacoeditorwork/editor.worker.bundle.js`);
    expect([asset.status, asset.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    for (const path of [
      '/graphiql/..%2f..%2fpackage.json',
      '/graphiql/%2e%2e/%2e%2e/package.json',
      '/graphiql/%2e%2e%2f%2e%2e%2f%2e%2e%2fgraphql-yoga%2fpackage.json',
      '/graphiql/..%2f..%2f..%2fgraphql-yoga%2fesm%2findex.js',
      '/graphiql/monacoeditorwork/..%2F..%2F..%2F..%2F..%2Fsrc%2Fmain.ts',
      '/graphiql/%2fetc%2fpasswd',
      '/graphiql/yoga-graphiql.umd.js%00',
    ]) {
      expect((await fetch(`${server.base}${path}`)).status, path).toBe(404);
    }
    // fetch resolves "../" itself; a raw request sends it as it is.
    for (const path of ['/graphiql/../../package.json', '/graphiql/../../../graphql-yoga/esm/index.js']) {
      expect((await rawRequest(server.base, raw('GET', path))).status, path).toBe(404);
    }
  });

  it('answers paths beyond the header size limit with 431 on every route', async () => {
    for (const route of ROUTES) {
      expect((await fetch(`${server.base}${route}?${'a'.repeat(20_000)}`)).status, route).toBe(431);
      expect((await fetch(`${server.base}${route}${'a'.repeat(20_000)}`)).status, route).toBe(431);
    }
  });

  it('answers NUL and other raw bytes in paths and headers with 400', async () => {
    const answers = await Promise.all(
      [
        raw('GET', '/health\x00'),
        raw('GET', '/graphiql/a\x01.js'),
        raw('GET', '/graphql?query=\xff'),
        raw('GET', '/graphiql/\xff.js'),
        raw('POST', '/graphql\x7f', ['Content-Type: application/json'], TYPENAME),
        raw('GET', '/health', ['X-Test: a\x00b']),
        raw('GET', '/ready', ['X\x7fTest: 1']),
        raw('GET', '/graphql', ['X-Test: a\rb']),
        raw('GET', '/health', ['X-Test\x00: 1']),
      ].map((request) => rawRequest(server.base, request)),
    );
    expect(answers.map((answer) => [answer.status, answer.closed])).toEqual(answers.map(() => [400, true]));
  });

  it('answers raw bytes that HTTP allows in a header value as usual', async () => {
    expect((await rawRequest(server.base, raw('GET', '/health', ['X-Test: \xff\xfe']))).status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"query": "mutation {'],
    ['bytes that are not text', '\x00\x01\xff'],
    ['a byte order mark before malformed JSON', '\xef\xbb\xbf{"query":'],
  ])('refuses %s with 400, the error naming no parser, body or stack', async (_label, body) => {
    const res = await postJson(server.base, bytes(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('accepts a JSON body that starts with a UTF-8 byte order mark', async () => {
    const res = await postJson(server.base, bytes(`\xef\xbb\xbf${TYPENAME}`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers the other methods on /graphql with 405', async () => {
    for (const method of ['OPTIONS', 'PUT', 'DELETE', 'PATCH']) {
      expect((await fetch(`${server.base}/graphql`, { method })).status, method).toBe(405);
    }
  });

  it('is still running after all of the above, healthy, with no failure logged', async () => {
    expect(server.process.child.exitCode).toBeNull();
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    expect(server.process.output.filter((line) => /"level":(50|60)|Error/.test(line))).toEqual([]);
  });
});

describe('CORS without CORS_ORIGINS', () => {
  const server = useServer({});

  it('grants no origin anything, with or without credentials', async () => {
    const res = await postJson(server.base, TYPENAME, { origin: 'https://evil.example', cookie: 'session=1' });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses preflights with 403', async () => {
    const res = await fetch(`${server.base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS with CORS_ORIGINS', () => {
  const APP = 'https://app.example.com';
  const server = useServer({ CORS_ORIGINS: `${APP},http://localhost:3000` });

  it('answers a listed origin with that origin and Vary: Origin, never credentials', async () => {
    const res = await postJson(server.base, TYPENAME, { origin: APP });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('grants an unlisted origin nothing (no echo, no *), while saying Vary: Origin', async () => {
    const res = await postJson(server.base, TYPENAME, { origin: 'https://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('grants the preflight of a listed origin and refuses that of another', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.base}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
    const granted = await preflight('http://localhost:3000');
    expect(granted.status).toBe(204);
    expect(granted.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(granted.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(granted.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves GraphiQL (same origin: the page, and its POSTs that carry its own Origin) working', async () => {
    const page = await fetch(`${server.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
    const run = await postJson(server.base, TYPENAME, { origin: server.base });
    expect(await run.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('bodies arriving, slow requests and connections', () => {
  const server = useServer({ MAX_PENDING_BODY_BYTES: String(2 * MB), REQUEST_TIMEOUT_MS: '2000', MAX_CONNECTIONS: '8' });

  it('closes connections beyond MAX_CONNECTIONS at once, and accepts new ones as others close', async () => {
    // Raw connections only (fetch would keep some of its own open): eight answered and kept open.
    const open = [...Array(8)].map(() => new RawConnection(server.base).send('GET /health HTTP/1.1\r\nHost: edge.test\r\n\r\n'));
    await Promise.all(open.map((connection) => connection.waitFor('{"status":"ok"}')));
    const ninth = await new RawConnection(server.base).send('GET /health HTTP/1.1\r\nHost: edge.test\r\n\r\n').answer(2000);
    expect([ninth.status, ninth.closed]).toEqual([null, true]);

    open[0]!.close();
    await open[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await rawRequest(server.base, raw('GET', '/health'))).status).toBe(200);
    for (const connection of open) connection.close();
  });

  it('answers 503 before reading the body once MAX_PENDING_BODY_BYTES are arriving, and has room again as they finish or are abandoned', async () => {
    const first = new RawConnection(server.base).send(headersOf(MB)).send(paddedQuery(MB).slice(0, 1000));
    const second = new RawConnection(server.base).send(headersOf(MB)).send(paddedQuery(MB).slice(0, 1000));
    await new Promise((resolve) => setTimeout(resolve, 200));

    for (const length of [MB, TYPENAME.length]) {
      const refused = await new RawConnection(server.base).send(headersOf(length)).answer();
      expect(refused.status).toBe(503);
      expect(refused.headers).toMatchObject({ 'retry-after': '1', connection: 'close', 'content-type': 'application/json' });
      expect(JSON.parse(refused.body)).toEqual({
        errors: [{ message: 'Too many request bodies are arriving at once; retry in a moment.', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      });
      expect(refused.closed).toBe(true);
    }

    first.send(paddedQuery(MB).slice(1000));
    expect(JSON.parse((await first.waitFor('}}')).body)).toEqual({ data: { __typename: 'Query' } });
    first.close();
    second.close();
    await second.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));

    const both = await Promise.all([postJson(server.base, paddedQuery(MB)), postJson(server.base, paddedQuery(MB))]);
    expect(both.map((res) => res.status)).toEqual([200, 200]);
  });

  it('cuts requests whose headers or body have not arrived within REQUEST_TIMEOUT_MS with 408, and frees what they held', async () => {
    const started = Date.now();
    const slow = [
      new RawConnection(server.base).send('POST /graphql HTTP/1.1\r\nHost: edge.test\r\nContent-Ty'),
      new RawConnection(server.base).send(headersOf(MB)).send(paddedQuery(MB).slice(0, 500_000)),
      new RawConnection(server.base).send(headersOf(MB)).send(paddedQuery(MB).slice(0, 10)),
    ];
    const answers = await Promise.all(slow.map((connection) => connection.answer(6000)));
    const elapsed = Date.now() - started;
    expect(answers.map((answer) => [answer.status, answer.closed])).toEqual([
      [408, true],
      [408, true],
      [408, true],
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(4000);
    // The two bodies cut held all of MAX_PENDING_BODY_BYTES: it is free again once the server has
    // seen their sockets close, which can come a moment after the client read the 408 (as above).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await postJson(server.base, paddedQuery(MB))).status).toBe(200);
  });

  it('is still running and healthy', async () => {
    expect(server.process.child.exitCode).toBeNull();
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  });
});
