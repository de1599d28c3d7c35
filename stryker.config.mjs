// StrykerJS over the workflow (machines/): do the machine's unit tests notice a change to its code?
// `npm run test:stryker`; the provider classifiers and parsers have their own pass
// (`npm run test:stryker:providers`, stryker.providers.config.mjs). Not run in CI (too slow);
// docs/MUTATION-TESTING.md has the figures, the command and the equivalent survivors.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/stryker.vitest.config.ts', related: false },
  // machines/graph/ is the test tooling of the machine (path generation, the coverage report,
  // the doc diagram): the workflow never runs it, and its own checks are the slow path tests
  // and the golden doc, which the per-mutant run leaves out.
  mutate: ['machines/**/*.ts', '!machines/graph/**'],
  // Static mutants (the registry literal and other module-level code) are only seen by a
  // re-import of the whole module graph per mutant. The registry sweep (`npm run test:mutations`)
  // mutates that literal with SPEC-derived kinds and an independent oracle instead.
  ignoreStatic: true,
  coverageAnalysis: 'perTest',
  // The machine is shared (two cores): one worker.
  concurrency: 1,
  timeoutMS: 10_000,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/machines.html' },
  jsonReporter: { fileName: 'reports/mutation/machines.json' },
  // `--incremental` reuses this run's results for mutants whose code and tests did not change.
  incrementalFile: 'reports/stryker-incremental-machines.json',
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
