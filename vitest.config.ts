import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/** Specs beside the code that use real time, real sockets or a real redis-server. */
const INTEGRATION_SPECS = [
  'src/backends/http.spec.ts',
  'src/coordination/redis.spec.ts',
  'src/coordination/redis-feed.spec.ts',
  'src/coordination/memory.spec.ts',
];
/** End-to-end files whose latency bounds a second test file running beside them would break on two cores. */
const ALONE = ['test/edge-memory.test.ts'];

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for every package (it has no "exports" map); Vite would
    // pick its ESM build for our sources, and two GraphQLError classes break Yoga's instanceof checks.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    // Generous: on a loaded 2-core machine a child process can take many seconds to start.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // Unit specs beside the code: pure and in-process, so one process can run them all, first.
        test: { name: 'unit', include: ['src/**/*.spec.ts'], exclude: INTEGRATION_SPECS, pool: 'forks', isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // Specs beside the code that wait on real time, sockets or a redis-server: seconds, not milliseconds.
        test: { name: 'integration', include: INTEGRATION_SPECS, pool: 'forks', sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // End-to-end tests start their own processes; two cores run two files at a time.
        test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: [...ALONE], pool: 'forks', maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        // Timing bounds measured with the test's own process busy sending: last, with no other file beside them.
        test: { name: 'e2e-alone', include: [...ALONE], pool: 'forks', maxWorkers: 1, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
