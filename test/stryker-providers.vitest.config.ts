// The tests StrykerJS runs per mutant of the provider classifiers and parsers: their unit tests
// over the recorded CLI output in test/fixtures/providers (no process is spawned).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'test/providers/claude/*.test.ts',
      'test/providers/codex/*.test.ts',
      'test/providers/outcome.test.ts',
      'test/providers/billing.test.ts',
    ],
    testTimeout: 180_000,
    isolate: false,
  },
});
