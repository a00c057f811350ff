// Write attempts go out only while the update's lock is confirmed held: before each one, retries included.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackendError } from '../customers/backend.js';
import { CoordinationError, UNLIMITED, type HeldLock } from '../customers/coordination.js';
import { WriteSettlement } from '../customers/settlement.js';
import { boundPort } from '../listen.js';
import { SPEC_POLICY as policy, specObservers } from '../testing/http-policy.js';
import { HttpClient, route } from './http.js';

let server: Server;
let client: HttpClient;
/** Requests received; the first of each test is answered 503, the others 200. */
let received = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    received += 1;
    res.statusCode = received === 1 ? 503 : 200;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new HttpClient('s', `http://127.0.0.1:${boundPort(server)}`, {}, policy, UNLIMITED, specObservers());
});
afterAll(async () => {
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = 0;
});

const lost = new CoordinationError('COORDINATION_UNAVAILABLE', 'lost', 2);
/** A lock confirmed `times` times, then refused. */
function lockConfirmed(times: number): HeldLock & { asked: number } {
  const lock = {
    asked: 0,
    confirm: () => (++lock.asked <= times ? Promise.resolve() : Promise.reject(lost)),
    release: () => Promise.resolve(),
  };
  return lock;
}

describe('a write under a lock', () => {
  it('confirms the lock before every attempt, retries included', async () => {
    const lock = lockConfirmed(Infinity);
    expect((await client.request('PUT', route('/x'), Date.now() + 60_000, {}, new WriteSettlement(lock))).status).toBe(200);
    expect([received, lock.asked]).toEqual([2, 2]);
  });

  it('sends nothing when the lock is not confirmed, and fails with the refusal', async () => {
    const lock = lockConfirmed(0);
    await expect(client.request('PUT', route('/x'), Date.now() + 60_000, {}, new WriteSettlement(lock))).rejects.toBe(lost);
    expect(received).toBe(0);
  });

  it('ends with the last failure, marked maybe applied, when a retry after an unclear answer is refused', async () => {
    const lock = lockConfirmed(1);
    const error = await client.request('PUT', route('/x'), Date.now() + 60_000, {}, new WriteSettlement(lock)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503, maybeApplied: true });
    expect(received).toBe(1);
  });
});
