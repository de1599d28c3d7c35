// The tests StrykerJS runs per mutant of machines/: the machine's own unit and behaviour tests,
// without the golden doc (a snapshot kills without proving behaviour) and without the slow path
// generation of graph/paths.test.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/machines/**/*.test.ts'],
    exclude: ['test/machines/state-machine-doc.test.ts', 'test/machines/graph/**'],
    // Instrumented code on a shared machine is slow; a time-out would only hide a mutant.
    testTimeout: 180_000,
    isolate: false,
  },
});
