/** The provider layer's public surface. */
export { buildClaudeArgs } from './claude/argv.js';
export { buildCodexArgs } from './codex/argv.js';
export { buildProviderEnv } from './env.js';
export type {
  AttemptReport,
  OutcomeKind,
  Progress,
  ProviderName,
  ProviderObserver,
  ProviderSettings,
  SessionPlace,
} from './types.js';
