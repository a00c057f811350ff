import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit specs sit beside the code they test (in-process, fast); end-to-end tests under test/.
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    // Each end-to-end file starts its own processes; two cores run two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
