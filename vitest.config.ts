import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for every package (it has no "exports" map); Vite would
    // pick its ESM build for our sources, and two GraphQLError classes break Yoga's instanceof checks.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
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
