// The tests StrykerJS runs per mutant: the machine and provider unit tests, without the golden
// doc (a snapshot kills without proving behaviour) and without the process-spawning tiers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'test/machines/**/*.test.ts',
      'test/providers/claude/*.test.ts',
      'test/providers/codex/*.test.ts',
      'test/providers/outcome.test.ts',
    ],
    exclude: ['test/machines/state-machine-doc.test.ts', 'test/machines/graph/paths.test.ts'],
    // Instrumented code on a shared machine is slow; a time-out would only hide a mutant.
    testTimeout: 180_000,
  },
});
