// StrykerJS: code mutation testing of the workflow (machines/) and the provider classifiers and
// parsers, killed by their unit tests. `npm run test:stryker`; the report lands in reports/mutation/.
// Not run in CI (too slow); see docs/MUTATION-TESTING.md for the figures and the equivalent survivors.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/stryker.vitest.config.ts', related: false },
  mutate: [
    'machines/**/*.ts',
    '!machines/graph/**',
    'src/providers/**/classify.ts',
    'src/providers/**/parse.ts',
    'src/providers/outcome.ts',
  ],
  // Static mutants (the registry literal, module-level code) need the whole suite per mutant;
  // the registry mutation sweep (`npm run test:mutations`) covers the registry instead.
  ignoreStatic: true,
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most.
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
