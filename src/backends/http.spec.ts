import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../customers/backend.js';
import { UNLIMITED, UNLOCKED } from '../customers/coordination.js';
import { WriteSettlement } from '../customers/settlement.js';
import { boundPort } from '../listen.js';
import { SPEC_POLICY as policy, specObservers } from '../testing/http-policy.js';
import { HttpClient, type HttpPolicy, mayHaveApplied, retryAfterSeconds, route } from './http.js';

/** A request deadline far enough away that only the policy's own limits apply. */
const soon = () => Date.now() + 60_000;

let server: Server;
let url: string;
let received = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    received += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${boundPort(server)}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('HttpClient', () => {
  it('answers a reachable source', async () => {
    const client = new HttpClient('s', url, {}, policy, UNLIMITED, specObservers());
    expect((await client.request('GET', route('/x'), soon())).status).toBe(200);
    await client.close();
  });

  it('lets a fault of ours through unchanged, without retrying it as "could not be reached"', async () => {
    const client = new HttpClient('s', url, { authorization: 'key\r\ninjected: 1' }, policy, UNLIMITED, specObservers());
    const before = received;
    const error: unknown = await client.request('GET', route('/x'), soon()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(BackendError);
    expect(received).toBe(before);
    await client.close();
  });

  it('reports a source that refuses connections as unavailable, keeping the network error as its cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = boundPort(closed);
    await new Promise((resolve) => closed.close(resolve));
    const client = new HttpClient('s', `http://127.0.0.1:${port}`, {}, policy, UNLIMITED, specObservers());
    const error: unknown = await client.request('GET', route('/x'), soon()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'Source "s" could not be reached.', cause: { code: 'ECONNREFUSED' } });
    // A write that never got a connection was never sent: it cannot have been applied.
    const write = await client.request('PUT', route('/x'), soon(), {}, new WriteSettlement(UNLOCKED)).catch((e: unknown) => e);
    expect(write).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: false });
    await client.close();
  });
});

describe('write attempts that time out', () => {
  const settling: HttpPolicy = { ...policy, timeoutMs: 300, retries: 1, settleLimitMs: 1500, connections: 1 };
  let slow: Server;
  let slowUrl: string;
  /** Per path: how long the server waits before answering each request (ms; Infinity: never). */
  let delays: Record<string, number[]> = {};
  /** What became of each request: answered, or its connection closed first (ms after arrival). */
  let fates: { path: string; fate: 'answered' | 'closed'; afterMs: number }[] = [];

  beforeAll(async () => {
    slow = createServer((req, res) => {
      const arrived = Date.now();
      const path = req.url!;
      const delay = delays[path]?.shift() ?? 0;
      const timer = Number.isFinite(delay) ? setTimeout(() => res.end('{}'), delay) : undefined;
      res.on('finish', () => fates.push({ path, fate: 'answered', afterMs: Date.now() - arrived }));
      res.on('close', () => {
        clearTimeout(timer);
        if (!res.writableFinished) fates.push({ path, fate: 'closed', afterMs: Date.now() - arrived });
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${boundPort(slow)}`;
  });
  afterAll(() => new Promise((resolve) => slow.close(resolve)));
  /** The server sees a closed connection a moment after the client closed it. */
  const fatesOf = async (count: number) => {
    for (let tries = 0; fates.length < count && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    return fates;
  };

  it('keeps a sent write open past its timeout until answered, while the retry goes on', async () => {
    delays = { '/w': [800, 0] };
    fates = [];
    const client = new HttpClient('s', slowUrl, {}, { ...settling, connections: 2 }, UNLIMITED, specObservers());
    const settlement = new WriteSettlement(UNLOCKED);
    const started = Date.now();
    expect((await client.request('PUT', route('/w'), soon(), {}, settlement)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(750);
    expect(settlement.size).toBe(1);
    await settlement.settled();
    expect(fates).toEqual([
      { path: '/w', fate: 'answered', afterMs: expect.any(Number) },
      { path: '/w', fate: 'answered', afterMs: expect.any(Number) },
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
    await client.close();
  });

  it('cuts a write kept open at the settle limit, and says it may have been applied', async () => {
    delays = { '/hang': [Infinity, Infinity] };
    fates = [];
    const client = new HttpClient('s', slowUrl, {}, { ...settling, retries: 0 }, UNLIMITED, specObservers());
    const settlement = new WriteSettlement(UNLOCKED);
    const error = await client.request('PUT', route('/hang'), soon(), {}, settlement).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: true });
    await settlement.settled();
    expect(await fatesOf(1)).toEqual([{ path: '/hang', fate: 'closed', afterMs: expect.any(Number) }]);
    expect(fates[0]!.afterMs).toBeGreaterThanOrEqual(1400);
    await client.close();
  });

  it('aborts a read at its timeout: nothing to wait for', async () => {
    delays = { '/r': [Infinity] };
    fates = [];
    const client = new HttpClient('s', slowUrl, {}, { ...settling, retries: 0 }, UNLIMITED, specObservers());
    const error = await client.request('GET', route('/r'), soon()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: false });
    expect(await fatesOf(1)).toEqual([{ path: '/r', fate: 'closed', afterMs: expect.any(Number) }]);
    expect(fates[0]!.afterMs).toBeLessThan(400);
    await client.close();
  });

  it('marks a write that never got a connection as not applied: the only connection is held by a write kept open', async () => {
    delays = { '/first': [1000] };
    fates = [];
    const client = new HttpClient('s', slowUrl, {}, { ...settling, retries: 0 }, UNLIMITED, specObservers());
    const settlement = new WriteSettlement(UNLOCKED);
    const first = await client.request('PUT', route('/first'), soon(), {}, settlement).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: true });
    const queued = await client.request('PUT', route('/queued'), soon(), {}, settlement).catch((e: unknown) => e);
    expect(queued).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: false });
    expect(settlement.size).toBe(1);
    await settlement.settled();
    expect(fates.map((f) => f.path)).toEqual(['/first']);
    await client.close();
  });
});

describe('retryAfterSeconds', () => {
  it.each([
    ['7', 7],
    [' 7 ', 7],
    ['2.5', 2.5],
    ['0.25', 0.25],
    [['3', '9'], 3],
    [undefined, null],
    ['', null],
    ['soon', null],
    ['-1', null],
  ])('reads %j as %s seconds', (header, seconds) => {
    expect(retryAfterSeconds(header)).toBe(seconds);
  });

  it('reads an HTTP date as the seconds until then', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterSeconds(inTenSeconds)).toBeGreaterThanOrEqual(9);
    expect(retryAfterSeconds(inTenSeconds)).toBeLessThanOrEqual(10);
  });
});

describe('mayHaveApplied', () => {
  it.each([400, 401, 403, 404, 409, 422, 429])('takes a %i as proof that the write was refused', (status) => {
    expect(mayHaveApplied(true, status)).toBe(false);
  });
  it.each([200, 304, 500, 501, 502, 503, 504, 507])('does not take a %i as proof of anything', (status) => {
    expect(mayHaveApplied(true, status)).toBe(true);
  });
  it('counts a write sent and never answered (timeout, reset, dropped) as maybe applied', () => {
    expect(mayHaveApplied(true, null)).toBe(true);
  });
  it('counts a write never sent as not applied', () => {
    expect(mayHaveApplied(false, null)).toBe(false);
  });
});
