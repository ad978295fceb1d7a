import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two test files at a time: most tests wait on sockets and child processes, not the CPU. On the
    // 2-core machines this project runs on, vitest's default there is one at a time (about 7 min on
    // a quiet machine); two took 5.3 min for a larger suite. No test asserts a duration.
    maxWorkers: 2,
  },
});
