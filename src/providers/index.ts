/** The provider layer's public surface. */
export { buildClaudeArgs } from './claude/argv.js';
export { classifyClaudeRun } from './claude/classify.js';
export { type ClaudeStream, INITIAL_CLAUDE_STREAM, parseClaudeLine } from './claude/parse.js';
export { buildCodexArgs } from './codex/argv.js';
export { classifyCodexRun, parseCodexResetTime } from './codex/classify.js';
export { type CodexStream, INITIAL_CODEX_STREAM, parseCodexLine } from './codex/parse.js';
export { buildProviderEnv } from './env.js';
export { type Classified, isFatalOutcome, toOutcomeEvent } from './outcome.js';
export type { ProcessEnd } from './process-end.js';
export type { StreamFigures } from './stream-figures.js';
export type {
  AttemptReport,
  OutcomeKind,
  Progress,
  ProviderName,
  ProviderObserver,
  ProviderSettings,
  SessionPlace,
} from './types.js';
