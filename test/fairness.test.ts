// Fairness: one caller looping many-alias reads of FlexPortal cannot make another caller wait for
// the source's budget. Each identified caller may use a share (CALLER_SHARE, a quarter) of every
// budget window and is refused past it at once; the rest of the window is left to the others.
// With one replica (shares in memory) and with two sharing them through Redis.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startReplicas, type GraphQLClient, type GraphQLResult, type ReplicaStack } from './support/stack.js';

const ATTACKER = 'ak_test_fairness_attacker_0123456789';
const VICTIM = 'ak_test_fairness_victim_0123456789';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const ENV = {
  API_KEYS: `${ATTACKER},${VICTIM}`,
  // 40/2s: windows of 1.1 s admitting 13; a caller's quarter is 3 of each.
  SOURCE_FLEXPORTAL_RATE_LIMIT: '40/2s',
};
// The emulator's own limit out of the way: the budget is what is under test.
const EMULATOR_ENV = { FLEXPORTAL_EMULATOR_RATE_LIMIT: '1000000' };
const WINDOW_MS = 1100;
const CALLER_TURNS_PER_WINDOW = 3;

/** 30 distinct customers (most unknown to FlexPortal): 30 backend reads a request. */
const ATTACK = `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: customerByExternalId(source: "flexportal", externalId: "cus_${1001 + i}") { externalId }`).join(' ')} }`;
const READ = '{ customerByExternalId(source: "flexportal", externalId: "cus_1001") { externalId } }';

interface VictimReads {
  latencies: number[];
  answers: GraphQLResult<unknown>[];
}

/**
 * The victim's ordinary reads, one at a time, starting at least 500 ms apart: at most 3 in any
 * 1.1 s window, within its own share.
 */
async function victimReads(clients: GraphQLClient[], count: number): Promise<VictimReads> {
  const latencies: number[] = [];
  const answers: GraphQLResult<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    answers.push(await clients[i % clients.length]!.raw({ query: READ }, bearer(VICTIM)));
    const took = performance.now() - started;
    latencies.push(took);
    await sleep(Math.max(0, 500 - took));
  }
  return { latencies, answers };
}

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

/** Loops of 30-alias reads by the attacker, two at a time across `clients`, until stopped. */
function attack(clients: GraphQLClient[]) {
  let stopped = false;
  const answers: { answer: GraphQLResult<unknown>; took: number }[] = [];
  const startedAt = performance.now();
  const loop = async (client: GraphQLClient) => {
    while (!stopped) {
      const started = performance.now();
      const answer = await client.raw({ query: ATTACK }, bearer(ATTACKER));
      answers.push({ answer, took: performance.now() - started });
      await sleep(50);
    }
  };
  const loops = [loop(clients[0]!), loop(clients[1 % clients.length]!)];
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return { answers, durationMs: performance.now() - startedAt };
    },
  };
}

async function measure(stack: ReplicaStack) {
  const clients = stack.replicas.map((replica) => replica.graphql);
  // Past the windows the start-up probes used.
  await sleep(2 * WINDOW_MS);
  const alone = await victimReads(clients, 6);
  await sleep(WINDOW_MS);
  const attacker = attack(clients);
  // The attacker has taken the current window before the victim comes.
  await sleep(300);
  const during = await victimReads(clients, 8);
  const attacked = await attacker.stop();
  const figures = {
    alone: { p50: Math.round(p50(alone.latencies)), max: Math.round(max(alone.latencies)) },
    during: { p50: Math.round(p50(during.latencies)), max: Math.round(max(during.latencies)) },
    attackerRequests: attacked.answers.length,
  };
  console.info(`victim read latency (ms), replicas=${stack.replicas.length}: ${JSON.stringify(figures)}`);
  return { alone, during, attacked };
}

function expectFair({ alone, during, attacked }: Awaited<ReturnType<typeof measure>>) {
  // The victim is never refused, and never waits for a budget window (1.1 s).
  for (const { answers } of [alone, during]) {
    expect(answers.map((answer) => answer.errors ?? [])).toEqual(answers.map(() => []));
  }
  expect(max(during.latencies)).toBeLessThan(700);

  // The attacker is refused past its share, at once, with when to come back.
  const errors = attacked.answers.flatMap(({ answer }) => answer.errors ?? []);
  const limited = errors.filter((error) => error.extensions?.code === 'RATE_LIMITED');
  expect(limited.length).toBeGreaterThan(0);
  expect(errors.length).toBe(limited.length);
  for (const error of limited) {
    expect(error.extensions).toMatchObject({ source: 'flexportal', retryAfterSeconds: expect.any(Number) });
    // Its next turn is in the next window: within 1.1 s.
    expect([1, 2]).toContain(error.extensions!.retryAfterSeconds);
    expect(error.message).toContain('CALLER_SHARE');
  }
  // A request whose reads are refused does not wait for a window.
  expect(max(attacked.answers.map(({ took }) => took))).toBeLessThan(700);
  // Its reads that went, across every replica, fit its share of each window.
  const readsGone = attacked.answers.reduce((sum, { answer }) => sum + 30 - (answer.errors?.length ?? 0), 0);
  expect(readsGone).toBeLessThanOrEqual(CALLER_TURNS_PER_WINDOW * (Math.ceil(attacked.durationMs / WINDOW_MS) + 1));
}

function stop(stack: ReplicaStack | undefined) {
  return Promise.all([...(stack?.replicas ?? []).map((replica) => replica.server.stop()), stack?.emulators.stop()]);
}

describe('one replica: shares in memory', () => {
  let stack: ReplicaStack;
  beforeAll(async () => {
    stack = await startReplicas(1, ENV, EMULATOR_ENV);
  });
  afterAll(() => stop(stack));

  it("keeps an ordinary reader's latency while another caller loops 30-alias reads; the attacker is refused at once past its share", async () => {
    expectFair(await measure(stack));
  });
});

describe('two replicas: shares across them through Redis', () => {
  let redis: RedisServer;
  let stack: ReplicaStack;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startReplicas(2, { ...ENV, REDIS_URL: redis.url }, EMULATOR_ENV);
  });
  afterAll(async () => {
    await stop(stack);
    await redis?.stop();
  });

  it("keeps an ordinary reader's latency on both replicas while another caller attacks through both; its share is counted once across them", async () => {
    expectFair(await measure(stack));
  });
});
