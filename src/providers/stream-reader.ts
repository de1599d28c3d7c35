/** One provider's parser and classifier behind the same three calls, so the actor need not know which CLI runs. */
import { buildClaudeArgs } from './claude/argv.js';
import { classifyClaudeRun } from './claude/classify.js';
import { INITIAL_CLAUDE_STREAM, parseClaudeLine } from './claude/parse.js';
import { buildCodexArgs } from './codex/argv.js';
import { classifyCodexRun } from './codex/classify.js';
import { INITIAL_CODEX_STREAM, parseCodexLine } from './codex/parse.js';
import type { Classified } from './outcome.js';
import type { ProcessEnd } from './process-end.js';
import type { StreamFigures } from './stream-figures.js';
import type { ProviderName, ProviderSettings } from './types.js';

export interface StreamReader {
  /** Feeds one stdout line; true when the CLI should be stopped now (it is retrying a fatal error). */
  feed(line: string): boolean;
  figures(): StreamFigures;
  classify(end: ProcessEnd, nowMs: number): Classified;
}

export function createStreamReader(name: ProviderName): StreamReader {
  if (name === 'claude') {
    let state = INITIAL_CLAUDE_STREAM;
    return {
      feed(line) {
        const hadStop = state.earlyStop !== undefined;
        state = parseClaudeLine(state, line);
        return !hadStop && state.earlyStop !== undefined;
      },
      figures: () => state.figures,
      classify: (end) => classifyClaudeRun(state, end),
    };
  }
  let state = INITIAL_CODEX_STREAM;
  return {
    feed(line) {
      const hadStop = state.earlyStop !== undefined;
      state = parseCodexLine(state, line);
      return !hadStop && state.earlyStop !== undefined;
    },
    figures: () => state.figures,
    classify: (end, nowMs) => classifyCodexRun(state, end, nowMs),
  };
}

/** The argv for the configured CLI. */
export function buildProviderArgs(settings: ProviderSettings, workDir: string): string[] {
  return settings.name === 'claude' ? buildClaudeArgs(settings) : buildCodexArgs(settings, workDir);
}
