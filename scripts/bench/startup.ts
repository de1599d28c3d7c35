/** (b) Start-up: wall time of `samocode --version` (and `status`) from the built dist. */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseTimes } from './cli-run.js';
import { median } from './figures.js';

/** `BENCH_DIST_BIN` points the CLI sections at another build (a before/after comparison). */
export const DIST_BIN = process.env.BENCH_DIST_BIN ?? 'dist/src/cli/bin.js';

/**
 * How a user's shell starts the bin: the file itself when it is executable (its `#!` lines choose
 * node and its flags), else `node <bin>` (an older build's bin.js, which tsc left without +x).
 */
export function binArgv(bin: string = DIST_BIN): string[] {
  const path = resolve(bin);
  try {
    accessSync(path, constants.X_OK);
    return [path];
  } catch {
    return [process.execPath, path];
  }
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.c?ts$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds dist when it is missing or older than a source file. */
export async function ensureBuilt(): Promise<void> {
  if (process.env.BENCH_DIST_BIN !== undefined) return;
  const sources = Math.max(await newestMtime('src'), await newestMtime('machines'));
  if (existsSync(DIST_BIN) && statSync(DIST_BIN).mtimeMs >= sources) return;
  process.stdout.write('building dist (npm run -s build)…\n');
  const built = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.stdout.write('warning: the build reported errors; dist may be partial\n');
}

interface Timed {
  readonly ms: number;
  /** CPU of the node process (user + system), from the wrapping shell's `times`. */
  readonly cpuMs: number;
  readonly status: number | null;
}

/** `argv` under `sh`, whose `times` then reports the CPU of the process it started. */
function timeNode(argv: readonly string[]): Timed {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', '"$@" > /dev/null 2>&1; code=$?; times; exit $code', 'sh', ...argv], {
    encoding: 'utf8',
  });
  const children = result.stdout.trim().split('\n').pop() ?? '';
  return { ms: performance.now() - started, cpuMs: parseTimes(children), status: result.status };
}

export interface StartupFigures {
  readonly runs: number;
  readonly floor: { readonly ms: number; readonly cpuMs: number };
  readonly version: { readonly ms: number; readonly cpuMs: number };
  readonly status: { readonly ms: number; readonly cpuMs: number };
  readonly statusExit: number | null;
}

const medians = (list: readonly Timed[]) => ({
  ms: median(list.map((run) => run.ms)),
  cpuMs: median(list.map((run) => run.cpuMs)),
});

/** Each round runs the floor, `--version` and `status` back to back, so load changes hit all three. */
export function benchStartup(runs = 10): StartupFigures {
  const bin = binArgv();
  timeNode([...bin, '--version']); // warm the file cache
  const root = mkdtempSync(join(tmpdir(), 'samocode-bench-status-'));
  try {
    for (const dir of ['repo', 'worktrees', 'sessions']) mkdirSync(join(root, dir));
    const config = join(root, '.samocode');
    writeFileSync(config, `MAIN_REPO=${root}/repo\nWORKTREES=${root}/worktrees\nSESSIONS=${root}/sessions\n`);
    const floor: Timed[] = [];
    const version: Timed[] = [];
    const status: Timed[] = [];
    for (let run = 0; run < runs; run += 1) {
      floor.push(timeNode([process.execPath, '-e', '0']));
      version.push(timeNode([...bin, '--version']));
      status.push(timeNode([...bin, 'status', '--config', config, '--session', 'bench']));
    }
    return {
      runs,
      floor: medians(floor),
      version: medians(version),
      status: medians(status),
      statusExit: status[0]?.status ?? null,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
