/**
 * (c) Orchestration overhead: N iterations through `runSession` (machine, state file, history row,
 * overview, spawn in its own group, streamed logs) against a bare shell loop that spawns the same
 * fake N times with the same prompt and lets it write the same signal.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readHistory } from '../../src/session/history.js';
import { benchPrompt, FAKE_CLAUDE } from './bench-provider.js';
import { makeBenchSession, runBenchSession, stayThenBlock } from './bench-session.js';

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
  printf '%s' "$PROMPT" | "$CLI" -p --output-format stream-json --verbose --model opus --max-turns 300 \\
    --dangerously-skip-permissions > "$LOGS/$i.jsonl" 2> "$LOGS/$i.stderr.log"
  cat "$SIGNAL" > /dev/null
  i=$((i + 1))
done
`;

export async function benchOverhead(iterations: number): Promise<OverheadFigures> {
  const bare = makeBenchSession(stayThenBlock(iterations));
  let bareMs: number;
  try {
    mkdirSync(join(bare.sessionDir, '_logs'), { recursive: true });
    const started = performance.now();
    const result = spawnSync('sh', ['-c', BARE_LOOP], {
      cwd: bare.workDir,
      env: {
        ...bare.env,
        N: String(iterations),
        CLI: FAKE_CLAUDE,
        PROMPT: benchPrompt(bare.sessionDir),
        SIGNAL: join(bare.sessionDir, '_signal.json'),
        LOGS: join(bare.sessionDir, '_logs'),
      },
      stdio: 'inherit',
    });
    bareMs = performance.now() - started;
    if (result.status !== 0) throw new Error(`the bare loop failed with exit ${result.status}`);
  } finally {
    bare.remove();
  }

  const session = makeBenchSession(stayThenBlock(iterations));
  try {
    const started = performance.now();
    const end = await runBenchSession(session);
    const samocodeMs = performance.now() - started;
    const rows = readHistory(join(session.sessionDir, '_signal_history.jsonl')).rows.length;
    return { iterations, samocodeMs, bareMs, rows, exitCode: end.exitCode };
  } finally {
    session.remove();
  }
}
