// `npx tsx bench/lease-window.ts`: how long a lease can be lost between the fence and the write.
// For each of 2,000 writes (the first 200 are warm-up), the time from Redis checking the token
// (taken as half the check's round trip) to the request's arrival at a local HTTP server, over a
// real redis-server on this machine; and the check's round trip, its cost per write attempt.
import { createServer } from 'node:http';
import { pino } from 'pino';
import { HttpClient, route } from '../src/backends/http.js';
import { Metrics } from '../src/telemetry/metrics.js';
import { SourceHealth } from '../src/telemetry/source-health.js';
import { RedisCoordination } from '../src/coordination/redis.js';
import { UNLIMITED, type HeldLock } from '../src/customers/coordination.js';
import { WriteSettlement } from '../src/customers/settlement.js';
import { boundPort } from '../src/listen.js';
import { startRedis } from '../support/redis.js';

const redis = await startRedis();
// Counted and never read: the bench measures the fence, not the metrics.
const metrics = new Metrics();
const coordination = new RedisCoordination({ url: redis.url, ttlMs: 60_000, waitMs: 1000, replicas: 1, logger: pino({ level: 'silent' }), metrics });
await coordination.connected(5000);
let receivedAt = 0;
const server = createServer((req, res) => {
  receivedAt = performance.now();
  req.resume();
  req.on('end', () => res.end('{}'));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = new HttpClient(
  'bench',
  `http://127.0.0.1:${boundPort(server)}`,
  {},
  {
    timeoutMs: 2000,
    deadlineMs: 5000,
    retries: 0,
    retryBaseMs: 10,
    breakerFailureRate: 0.99,
    breakerWindowMs: 10_000,
    breakerMinimumRps: 1e6,
    breakerHalfOpenMs: 1000,
    connections: 1,
    settleLimitMs: 3000,
  },
  UNLIMITED,
  { health: new SourceHealth(), metrics },
);

const windows: number[] = [];
const checks: number[] = [];
for (let i = 0; i < 2000; i++) {
  const lock = await coordination.locks.acquire(`bench:${i % 10}`);
  let askedAt = 0;
  let confirmedAt = 0;
  const timed: HeldLock = {
    confirm: async () => {
      askedAt = performance.now();
      await lock.confirm();
      confirmedAt = performance.now();
    },
    release: () => lock.release(),
  };
  await client.request('PUT', route('/x'), Date.now() + 60_000, {}, new WriteSettlement(timed));
  if (i >= 200) {
    windows.push((confirmedAt - askedAt) / 2 + (receivedAt - confirmedAt));
    checks.push(confirmedAt - askedAt);
  }
  await lock.release();
}
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!.toFixed(3);
console.log(`check round trip (ms): p50 ${quantile(checks, 0.5)}, p99 ${quantile(checks, 0.99)}`);
console.log(`window (ms): p50 ${quantile(windows, 0.5)}, p99 ${quantile(windows, 0.99)}, max ${quantile(windows, 1)} (n=${windows.length})`);
await client.close();
await coordination.close();
server.close();
await redis.stop();
