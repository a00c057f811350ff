// A source's request budget shared by two replicas through Redis: a burst of reads split across
// both never makes the backend answer 429; each read is answered, with data or RATE_LIMITED.
import { describe, expect, it } from 'vitest';
import { useReplicasOnRedis } from './support/stack.js';

const { stack } = useReplicasOnRedis(
  2,
  // 10/2s is split into windows of 1.1 s admitting 3 (a 2 s window meets at most 3 of them): as
  // long as both replicas count against the one budget. Counting alone, each would admit 3 a
  // window, and the backend would see up to 12 in 2 s.
  { SOURCE_FLEXPORTAL_RATE_LIMIT: '10/2s', BACKEND_TIMEOUT_MS: '1000', BACKEND_DEADLINE_MS: '4000' },
  // FlexPortal admits 10 requests in any sliding 2 s window, then answers 429.
  { FLEXPORTAL_EMULATOR_RATE_LIMIT: '10', FLEXPORTAL_EMULATOR_RATE_WINDOW_MS: '2000' },
);

describe('the FlexPortal budget', () => {
  it('keeps a burst of reads through two replicas under the backend limit: no 429, every read answered with data or RATE_LIMITED', async () => {
    // Each replica probed FlexPortal once at start; wait for the budget's windows to pass, and
    // leave those requests out of the backend's log.
    await new Promise((resolve) => setTimeout(resolve, 2300));
    await stack.flexportal.reset();
    const keys = ['cus_1001', 'cus_1002', 'cus_1003', 'cus_1004', 'cus_1005', 'cus_1006'];
    const burst = [...keys, ...keys, ...keys, ...keys].map((key, i) =>
      stack.replicas[i % 2]!.graphql.raw({ query: `{ customerByExternalId(source: "flexportal", externalId: "${key}") { externalId } }` }),
    );
    const answers = await Promise.all(burst);

    const read = answers.filter((answer) => !answer.errors && answer.data);
    const limited = answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(read.length + limited.length).toBe(24);
    // The first window admits 3 at once; later ones are waited for within the deadline.
    expect(read.length).toBeGreaterThanOrEqual(4);
    for (const answer of limited) {
      expect(answer.errors![0]!.extensions).toMatchObject({ source: 'flexportal', retryAfterSeconds: expect.any(Number) });
      expect(answer.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(answer.errors![0]!.message).toContain('request budget');
    }

    const log = await stack.flexportal.requests();
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(log.length).toBe(read.length);
    // Any 2 s window saw at most 9 of them (3 windows of 3), under the backend's 10.
    const arrivals = log.map((r) => r.receivedAt).sort((a, b) => a - b);
    const busiest = Math.max(...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 2000).length));
    expect(busiest).toBeLessThanOrEqual(9);
  });
});
