/**
 * The provider the bench drives: the real process layer (`spawnProvider`: own process group, stdout
 * streamed to `_logs/`, lines parsed as they come) around the fake `claude`, then `_signal.json` read
 * and turned into one machine event. It is the provider actor's work minus outcome classification.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fromCallback } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import { toSignalEvent } from '../../machines/signal.js';
import type { ProviderInput } from '../../machines/workflow.js';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { INITIAL_CLAUDE_STREAM, parseClaudeLine } from '../../src/providers/claude/parse.js';
import { spawnProvider } from '../../src/providers/spawn.js';
import type { ProviderObserver } from '../../src/providers/types.js';
import type { ProviderLogic } from '../../src/runner/gate-provider.js';

export const FAKE_CLAUDE = join(process.cwd(), 'test/fixtures/bin/claude');

export interface BenchProviderOptions {
  readonly sessionDir: string;
  readonly workDir: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The prompt both loops give the fake: it writes the signal to the path named here. */
export function benchPrompt(sessionDir: string): string {
  return `Benchmark iteration.\n- Signal file: ${join(sessionDir, '_signal.json')}\n`;
}

export function benchProvider(options: BenchProviderOptions): (observer: ProviderObserver) => ProviderLogic {
  const signalPath = join(options.sessionDir, '_signal.json');
  return (observer) =>
    fromCallback<WorkflowEvent, ProviderInput>(({ input, sendBack }) => {
      const abort = new AbortController();
      const stem = join(
        options.sessionDir,
        '_logs',
        `${String(input.iteration).padStart(3, '0')}-${input.phase}-a${input.attempt}`,
      );
      const run = async () => {
        rmSync(signalPath, { force: true });
        let stream = INITIAL_CLAUDE_STREAM;
        const end = await spawnProvider({
          cliPath: FAKE_CLAUDE,
          args: buildClaudeArgs({ model: 'opus', maxTurns: 300 }),
          cwd: options.workDir,
          env: options.env,
          input: benchPrompt(options.sessionDir),
          logFile: `${stem}.jsonl`,
          stderrFile: `${stem}.stderr.log`,
          timeoutMs: 600_000,
          killGraceMs: 1_000,
          signal: abort.signal,
          onLine: (line) => {
            stream = parseClaudeLine(stream, line);
            return false;
          },
        });
        if (abort.signal.aborted) return;
        const raw = existsSync(signalPath) ? readFileSync(signalPath, 'utf8') : undefined;
        observer.onAttemptEnd?.({
          phase: input.phase,
          iteration: input.iteration,
          attempt: input.attempt,
          outcome: raw === undefined ? 'no_signal' : 'success',
          message: '',
          durationMs: end.durationMs,
          exitCode: end.exitCode,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          logFile: `${stem}.jsonl`,
          stderrFile: `${stem}.stderr.log`,
          ...(raw === undefined ? {} : { rawSignal: raw }),
        });
        sendBack(raw === undefined ? { type: 'agent.noSignal' } : toSignalEvent(raw));
      };
      void run();
      return () => abort.abort();
    });
}
