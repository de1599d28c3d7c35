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

export async function benchOverhead(iterations: number): Promise<OverheadFigures> {
  const session = makeBenchSession(stayThenBlock(iterations));
  let figures: Omit<OverheadFigures, 'bareMs'>;
  let prompt: string;
  try {
    const started = performance.now();
    const end = await runBenchSession(session);
    const samocodeMs = performance.now() - started;
    const rows = readHistory(join(session.sessionDir, '_signal_history.jsonl')).rows.length;
    figures = { iterations, samocodeMs, rows, exitCode: end.exitCode };
    const calls = readFileSync(`${session.script}.log.jsonl`, 'utf8').split('\n');
    prompt = Invocation.parse(JSON.parse(calls[1] || calls[0] || '{}')).prompt;
  } finally {
    session.remove();
  }

  const bare = makeBenchSession(stayThenBlock(iterations));
  try {
    mkdirSync(join(bare.sessionDir, '_logs'), { recursive: true });
    const promptFile = join(bare.root, 'prompt.md');
    // The same prompt, pointed at this session's signal file.
    writeFileSync(promptFile, prompt.replaceAll(session.sessionDir, bare.sessionDir));
    const started = performance.now();
    const result = spawnSync('sh', ['-c', BARE_LOOP], {
      cwd: bare.workDir,
      env: {
        ...bare.env,
        N: String(iterations),
        CLI: FAKE_CLAUDE,
        PROMPT_FILE: promptFile,
        SIGNAL: join(bare.sessionDir, '_signal.json'),
        LOGS: join(bare.sessionDir, '_logs'),
      },
      stdio: 'inherit',
    });
    const bareMs = performance.now() - started;
    if (result.status !== 0) throw new Error(`the bare loop failed with exit ${result.status}`);
    return { ...figures, bareMs };
  } finally {
    bare.remove();
  }
}
