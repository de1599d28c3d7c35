// StrykerJS over the provider classifiers and parsers: do their unit tests notice a change to the
// code that turns a CLI's output into an outcome? `npm run test:stryker:providers`; its score is
// reported apart from the workflow's (stryker.config.mjs). Not run in CI.
import machines from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...machines,
  vitest: { configFile: 'test/stryker-providers.vitest.config.ts', related: false },
  mutate: [
    'src/providers/claude/classify.ts',
    'src/providers/claude/figures.ts',
    'src/providers/claude/parse.ts',
    'src/providers/codex/classify.ts',
    'src/providers/codex/parse.ts',
    'src/providers/outcome.ts',
  ],
  htmlReporter: { fileName: 'reports/mutation/providers.html' },
  jsonReporter: { fileName: 'reports/mutation/providers.json' },
  incrementalFile: 'reports/stryker-incremental-providers.json',
};
