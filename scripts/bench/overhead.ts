/**
 * (c) Overhead: one whole session (init → investigation → requirements → planning → implementation
 * until its budget blocks, auto-approved) through `samocode run` against a bare `sh` loop that
 * spawns the same /bin/sh provider as many times with the same argv, the prompt samocode would
 * send for each phase on stdin, stdout and stderr to files, and a read of the signal. A second
 * loop, the guarantees floor, adds what samocode must do per iteration by its SPEC, done the cheapest
 * way a shell can: one `git status` in a worktree (the no-progress mark) and a state file written,
 * fsynced (`sync FILE`) and renamed (`mv`). No tool keeping those guarantees can run under that
 * floor; the goal "≤ 1.05× the bare loop" is read against it. Runs alternate (bare, floor,
 * samocode, …) so a change in the machine's load lands on all three; medians.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHASE_REGISTRY, type Phase } from '../../machines/phases.js';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { buildPrompt, readPromptParts } from '../../src/providers/prompt.js';
import { type CliRun, initBenchRepo, parseTimes, runCli, SH_PROVIDER } from './cli-run.js';
import { median } from './figures.js';
import { makeScratch } from './scratch.js';

const LEAD_IN: readonly Phase[] = ['init', 'investigation', 'requirements', 'planning'];
/** The provider calls of the session: the lead-in, then implementation until its budget blocks. */
export const SESSION_CALLS = LEAD_IN.length + PHASE_REGISTRY.implementation.maxIterations;

const BARE_LOOP = `
i=0
while [ "$i" -lt "$N" ]; do
  case $i in 0) p=init ;; 1) p=investigation ;; 2) p=requirements ;; 3) p=planning ;; *) p=implementation ;; esac
  "$CLI" "$@" < "$DIR/prompt-$p.md" > "$DIR/$i.jsonl" 2> "$DIR/$i.stderr.log"
  IFS= read -r signal < "$DIR/_signal.json"
  if [ -n "$GUARDED" ]; then
    git -C "$DIR/repo" --no-optional-locks status --porcelain=v2 --branch --untracked-files=all > /dev/null
    printf '{"iteration":%s,"signal":%s}\n' "$i" "$signal" > "$DIR/._state.json.tmp"
    sync "$DIR/._state.json.tmp"
    mv "$DIR/._state.json.tmp" "$DIR/_state.json"
  fi
  i=$((i + 1))
done
times
`;

export interface LoopRun {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function writePrompts(dir: string): Promise<void> {
  const place = {
    sessionName: 'bench',
    sessionDir: dir,
    workDir: dir,
    mainRepo: dir,
    worktreePath: dir,
    branch: 'samocode/bench',
  };
  for (const phase of [...LEAD_IN, 'implementation' as const]) {
    const prompt = buildPrompt({
      ...(await readPromptParts(phase)),
      phase,
      iteration: 5,
      attempt: 1,
      reminder: false,
      place,
      timeoutSeconds: 1800,
      now: Date.now(),
    });
    writeFileSync(join(dir, `prompt-${phase}.md`), prompt);
  }
}

/**
 * The bare loop; `guarded`: the guarantees floor (the same loop plus a `git status` of a worktree
 * and an fsynced, renamed state file per call).
 */
export async function runBareLoop(calls: number, guarded = false): Promise<LoopRun> {
  const dir = makeScratch('samocode-bench-bare-');
  await writePrompts(dir);
  if (guarded) initBenchRepo(join(dir, 'repo'));
  const argv = buildClaudeArgs({ model: 'opus', maxTurns: 300 });
  const started = performance.now();
  const result = spawnSync('sh', ['-c', BARE_LOOP, 'sh', ...argv], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      N: String(calls),
      CLI: SH_PROVIDER,
      DIR: dir,
      BENCH_COUNTER: join(dir, 'calls'),
      ...(guarded ? { GUARDED: '1' } : {}),
    },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`the bare loop failed (exit ${result.status}): ${result.stderr}`);
  return { wallMs, cpuMs: parseTimes(result.stdout) };
}

export interface OverheadFigures {
  readonly calls: number;
  readonly runs: number;
  /** Medians over the runs. */
  readonly bareWallMs: number;
  readonly bareCpuMs: number;
  /** The guarantees floor: the bare loop plus a `git status` and an fsynced state file per call. */
  readonly floorWallMs: number;
  readonly floorCpuMs: number;
  readonly wallMs: number;
  readonly treeCpuMs: number;
  readonly ownCpuMs: number;
  /** samocode's own CPU per iteration after the first `warmRows` (start-up and warm-up excluded). */
  readonly ownCpuPerWarmIterationMs: number;
  readonly warmRows: number;
  readonly peakRssKb: number;
  readonly rows: readonly number[];
  readonly exitCodes: readonly (number | null)[];
}

/** samocode's own CPU per iteration after the first `warmRows` (NaN when the run never got there). */
export const perWarmIteration = (run: CliRun): number =>
  run.ownCpuAtWarmMs === undefined
    ? Number.NaN
    : (run.ownCpuMs - run.ownCpuAtWarmMs) / Math.max(1, run.rows - run.warmRows);

/** `runs` alternating rounds (bare loop, floor, samocode); each figure is the median over the runs. */
export async function benchOverhead(runs: number): Promise<OverheadFigures> {
  const bare: LoopRun[] = [];
  const floor: LoopRun[] = [];
  const samocode: CliRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    bare.push(await runBareLoop(SESSION_CALLS));
    floor.push(await runBareLoop(SESSION_CALLS, true));
    samocode.push(await runCli());
  }
  const of = (values: readonly number[]) => median(values);
  return {
    calls: SESSION_CALLS,
    runs,
    bareWallMs: of(bare.map((run) => run.wallMs)),
    bareCpuMs: of(bare.map((run) => run.cpuMs)),
    floorWallMs: of(floor.map((run) => run.wallMs)),
    floorCpuMs: of(floor.map((run) => run.cpuMs)),
    wallMs: of(samocode.map((run) => run.wallMs)),
    treeCpuMs: of(samocode.map((run) => run.treeCpuMs)),
    ownCpuMs: of(samocode.map((run) => run.ownCpuMs)),
    ownCpuPerWarmIterationMs: of(samocode.map(perWarmIteration)),
    warmRows: samocode[0]?.warmRows ?? 0,
    peakRssKb: of(samocode.map((run) => run.peakRssKb)),
    rows: samocode.map((run) => run.rows),
    exitCodes: samocode.map((run) => run.exitCode),
  };
}
