// Many bodies held open at once, against the production build: memory stays bounded, the
// service stays responsive, and the memory is given back once they are gone.
import { readFileSync } from 'node:fs';
import { WebSocket } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForServe, SERVE, startServerProcess, type Spawned } from '../support/processes.js';
import { RawConnection } from './support/raw-http.js';

const MB = 1_048_576;
const CONNECTIONS = 300;
/** Most of each 1 MB body is sent, never all of it. */
const SENT = MB - 50 * 1024;

let server: { base: string; process: Spawned };

beforeAll(async () => {
  await buildForServe();
  const started = await startServerProcess(
    {
      SOURCES: '',
      FLOWGLAD_EMULATOR_PORT: '0',
      FLEXPORTAL_EMULATOR_PORT: '0',
      HOST: '127.0.0.1',
      // Lets the test open the inspector (SIGUSR1) on a free loopback port to ask for a full GC.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, '--inspect-port=0'].filter(Boolean).join(' '),
    },
    SERVE,
  );
  server = { base: started.url.replace('/graphql', '').replace('localhost', '127.0.0.1'), process: started.process };
});

afterAll(async () => {
  await server?.process.stop();
});

/** The server's resident memory in MB (`npm run serve` execs node: the child is the server). */
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.process.child.pid}/status`, 'utf8'))![1]) / 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a full garbage collection in the server, through the inspector it opens on SIGUSR1. */
async function collectGarbage() {
  server.process.child.kill('SIGUSR1');
  let url: string | undefined;
  for (let tries = 0; !url && tries < 100; tries++) {
    url = server.process.output.map((line) => /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1]).find(Boolean);
    if (!url) await sleep(50);
  }
  const socket = new WebSocket(url!);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  const done = new Promise((resolve) => socket.addEventListener('message', resolve));
  socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
  await done;
  socket.close();
}

describe('300 connections each holding a 1 MB body open', () => {
  it('raise RSS by less than 100 MB, /health answers within 1 s throughout, and the memory comes back once they close', async () => {
    // Warm up (JIT, first requests), then the level to compare with.
    for (let i = 0; i < 20; i++) await fetch(`${server.base}/health`).then((res) => res.text());
    await sleep(500);
    const before = rss();

    const body = Buffer.alloc(SENT, 'x');
    // Each from an address of its own (loopback answers for all of 127.0.0.0/8), so that the
    // budget of all clients together is what bounds them, not that of one address.
    const connections = [...Array(CONNECTIONS)].map((_, i) =>
      new RawConnection(server.base, `127.1.${i >> 7}.${(i & 127) + 1}`)
        .send(`POST /graphql HTTP/1.1\r\nHost: edge.test\r\nContent-Type: application/json\r\nContent-Length: ${MB}\r\n\r\n`)
        .send(body),
    );

    let peak = before;
    const health: { status: number; ms: number }[] = [];
    for (const started = Date.now(); Date.now() - started < 3000; ) {
      const sent = performance.now();
      const res = await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(5000) });
      await res.text();
      health.push({ status: res.status, ms: performance.now() - sent });
      peak = Math.max(peak, rss());
      await sleep(100);
    }
    // MAX_PENDING_BODY_BYTES (32 MB by default) holds what has arrived of at most 33 of these
    // bodies; every other one is answered: 503 once its bytes find no room, or 408 once nothing of
    // it has arrived for BODY_IDLE_TIMEOUT_MS (on a loaded machine this test's own sending stalls).
    // Not every answer has arrived yet: wait for them.
    const due = CONNECTIONS - Math.floor((32 * MB) / SENT);
    let answers = await Promise.all(connections.map((connection) => connection.answer(0)));
    for (const started = Date.now(); answers.filter((answer) => answer.status !== null).length < due && Date.now() - started < 5000; ) {
      await sleep(100);
      answers = await Promise.all(connections.map((connection) => connection.answer(0)));
    }
    const refused = answers.filter((answer) => answer.status === 503).length;
    const answered = answers.filter((answer) => answer.status !== null).length;

    for (const connection of connections) connection.close();
    await Promise.all(connections.map((connection) => connection.closed));
    // Bodies the clients gave up are garbage now; V8 collects them when it next runs a full GC
    // (an idle process: its memory reducer, some 8-16 s later). Ask for that GC now.
    await sleep(500);
    await collectGarbage();
    let after = rss();
    for (let waited = 0; after > before + 20 && waited < 3000; waited += 100) {
      await sleep(100);
      after = rss();
    }

    const worst = Math.max(...health.map((answer) => answer.ms));
    console.info(
      `RSS before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)}), after ${after.toFixed(0)} MB; ` +
        `/health ${health.length} answers, slowest ${worst.toFixed(0)} ms; ${refused} of ${CONNECTIONS} refused with 503, ${answered} answered`,
    );
    expect(answered).toBeGreaterThanOrEqual(due);
    expect(refused).toBeGreaterThan(0);
    expect(peak - before).toBeLessThan(100);
    expect(health.every((answer) => answer.status === 200)).toBe(true);
    expect(worst).toBeLessThan(1000);
    expect(after - before).toBeLessThan(20);
    expect(server.process.child.exitCode).toBeNull();
  });
});
