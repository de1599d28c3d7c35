/**
 * (c) Orchestration overhead: N iterations through `runSession` with the real provider actor
 * (machine, prompt, spawn in its own group, streamed and parsed logs, classification, state file,
 * history row, overview) against a bare shell loop that spawns the same fake N times with the
 * prompt samocode sent (taken from the fake's invocation log) and lets it write the same signal.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readHistory } from '../../src/session/history.js';
import { FAKE_CLAUDE, makeBenchSession, runBenchSession, stayThenBlock } from './bench-session.js';

export interface OverheadFigures {
  readonly iterations: number;
  readonly samocodeMs: number;
  readonly bareMs: number;
  readonly rows: number;
  readonly exitCode: number;
}

const BARE_LOOP = `
i=0
while [ "$i" -lt "$N" ]; do
  rm -f "$SIGNAL"
  "$CLI" -p --output-format stream-json --verbose --model opus --max-turns 300 \\
    --dangerously-skip-permissions < "$PROMPT_FILE" > "$LOGS/$i.jsonl" 2> "$LOGS/$i.stderr.log"
  cat "$SIGNAL" > /dev/null
  i=$((i + 1))
done
`;

const Invocation = z.object({ prompt: z.string() });

/** The prompt samocode sends for a later iteration (read back from the fake's invocation log). */
async function capturePrompt(): Promise<{ prompt: string; sessionDir: string }> {
  const session = makeBenchSession(stayThenBlock(2));
  try {
    await runBenchSession(session);
    const calls = readFileSync(`${session.script}.log.jsonl`, 'utf8').split('\n');
    return {
      prompt: Invocation.parse(JSON.parse(calls[1] || calls[0] || '{}')).prompt,
      sessionDir: session.sessionDir,
    };
  } finally {
    session.remove();
  }
}

function runBareLoop(count: number, captured: { prompt: string; sessionDir: string }): number {
  const bare = makeBenchSession(stayThenBlock(count));
  try {
    mkdirSync(join(bare.sessionDir, '_logs'), { recursive: true });
    const promptFile = join(bare.root, 'prompt.md');
    // The same prompt, pointed at this session's signal file.
    writeFileSync(promptFile, captured.prompt.replaceAll(captured.sessionDir, bare.sessionDir));
    const started = performance.now();
    const result = spawnSync('sh', ['-c', BARE_LOOP], {
      cwd: bare.workDir,
      env: {
        ...bare.env,
        N: String(count),
        CLI: FAKE_CLAUDE,
        PROMPT_FILE: promptFile,
        SIGNAL: join(bare.sessionDir, '_signal.json'),
        LOGS: join(bare.sessionDir, '_logs'),
      },
      stdio: 'inherit',
    });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`the bare loop failed with exit ${result.status}`);
    return ms;
  } finally {
    bare.remove();
  }
}

/** Half the bare loop before the samocode session and half after, so a change in load lands on both. */
export async function benchOverhead(iterations: number): Promise<OverheadFigures> {
  const captured = await capturePrompt();
  const firstHalf = Math.floor(iterations / 2);
  const bareBefore = runBareLoop(firstHalf, captured);
  const session = makeBenchSession(stayThenBlock(iterations));
  try {
    const started = performance.now();
    const end = await runBenchSession(session);
    const samocodeMs = performance.now() - started;
    const rows = readHistory(join(session.sessionDir, '_signal_history.jsonl')).rows.length;
    const bareAfter = runBareLoop(iterations - firstHalf, captured);
    return { iterations, samocodeMs, bareMs: bareBefore + bareAfter, rows, exitCode: end.exitCode };
  } finally {
    session.remove();
  }
}
