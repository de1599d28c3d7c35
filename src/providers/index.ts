/** The provider layer's public surface. */
export { buildLogPaths, createProviderActor, type ProviderActorDeps } from './actor.js';
export { buildClaudeArgs } from './claude/argv.js';
export { classifyClaudeRun } from './claude/classify.js';
export { type ClaudeStream, INITIAL_CLAUDE_STREAM, parseClaudeLine } from './claude/parse.js';
export { buildCodexArgs } from './codex/argv.js';
export { classifyCodexRun, parseCodexResetTime } from './codex/classify.js';
export { type CodexStream, INITIAL_CODEX_STREAM, parseCodexLine } from './codex/parse.js';
export { buildProviderEnv } from './env.js';
export { type Classified, isFatalOutcome, toOutcomeEvent } from './outcome.js';
export {
  checkProvider,
  type PreflightInput,
  type PreflightResult,
  resolveCliPath,
} from './preflight.js';
export type { ProcessEnd } from './process-end.js';
export {
  buildPrompt,
  type PromptInput,
  type PromptParts,
  readPromptParts,
  SIGNAL_REMINDER,
} from './prompt.js';
export {
  checkSandbox,
  ROOT_REFUSAL,
  renderSandboxRefusal,
  SANDBOX_FIX,
  type SandboxRefusal,
} from './sandbox-rule.js';
export { type SpawnOptions, spawnProvider } from './spawn.js';
export type { StreamFigures } from './stream-figures.js';
export { buildProviderArgs, createStreamReader, type StreamReader } from './stream-reader.js';
export type {
  AttemptReport,
  OutcomeKind,
  Progress,
  ProviderName,
  ProviderObserver,
  ProviderSettings,
  SessionPlace,
} from './types.js';
