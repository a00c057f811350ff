import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../customers/backend.js';
import { HttpClient, type HttpPolicy } from './http.js';

const policy: HttpPolicy = {
  timeoutMs: 500,
  deadlineMs: 2000,
  retries: 2,
  retryBaseMs: 1,
  breakerFailureRate: 0.99,
  breakerWindowMs: 10_000,
  breakerMinimumRps: 1000,
  breakerHalfOpenMs: 1000,
  connections: 2,
};

let server: Server;
let url: string;
let received = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    received += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('HttpClient', () => {
  it('answers a reachable source', async () => {
    const client = new HttpClient('s', url, {}, policy);
    expect((await client.request('GET', '/x')).status).toBe(200);
    await client.close();
  });

  it('lets a fault of ours through unchanged, without retrying it as "could not be reached"', async () => {
    const client = new HttpClient('s', url, { authorization: 'key\r\ninjected: 1' }, policy);
    const before = received;
    const error: unknown = await client.request('GET', '/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(BackendError);
    expect(received).toBe(before);
    await client.close();
  });

  it('reports a source that refuses connections as unavailable, keeping the network error as its cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new HttpClient('s', `http://127.0.0.1:${port}`, {}, policy);
    const error: unknown = await client.request('GET', '/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'Source "s" could not be reached.', cause: { code: 'ECONNREFUSED' } });
    await client.close();
  });
});
