import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'dist-test/**'],
    // Builds once; CLI tests start the built bin.
    globalSetup: ['test/global-setup.ts'],
    // Deadlines bound a failure only; a passing test returns as soon as its fact holds. Minutes, so
    // that a shared 2-core machine at load 15+ with several files in flight does not fail a test.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Most files wait on child processes (samocode, git, the fake CLIs), not the CPU: running a few
    // at once overlaps those waits. Vitest's default on 2 cores is 1 worker, i.e. serial.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
