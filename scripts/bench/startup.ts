/** (b) Start-up: wall time of `samocode --version` (and `status`) from the built dist. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './figures.js';

export const DIST_BIN = 'dist/src/cli/bin.js';

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds dist when it is missing or older than a source file. */
export async function ensureBuilt(): Promise<void> {
  const sources = Math.max(await newestMtime('src'), await newestMtime('machines'));
  if (existsSync(DIST_BIN) && statSync(DIST_BIN).mtimeMs >= sources) return;
  process.stdout.write('building dist (npx tsc -p tsconfig.build.json)…\n');
  const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (built.status !== 0) process.stdout.write('warning: the build reported errors; dist may be partial\n');
}

function wallMs(args: readonly string[], cwd?: string): { ms: number; status: number | null } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [DIST_BIN, ...args], {
    encoding: 'utf8',
    ...(cwd ? { cwd } : {}),
  });
  return { ms: performance.now() - started, status: result.status };
}

export interface StartupFigures {
  readonly versionMedianMs: number;
  readonly versionRuns: number;
  readonly statusMedianMs: number | undefined;
  readonly statusExit: number | null;
  readonly nodeBaselineMs: number;
}

/** Each round runs the floor, `--version` and `status` back to back, so load changes hit all three. */
export function benchStartup(runs = 10): StartupFigures {
  wallMs(['--version']); // warm the file cache
  const root = mkdtempSync(join(tmpdir(), 'samocode-bench-status-'));
  try {
    for (const dir of ['repo', 'worktrees', 'sessions']) mkdirSync(join(root, dir));
    const config = join(root, '.samocode');
    writeFileSync(config, `MAIN_REPO=${root}/repo\nWORKTREES=${root}/worktrees\nSESSIONS=${root}/sessions\n`);
    const bare: number[] = [];
    const version: number[] = [];
    const status: { ms: number; status: number | null }[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      bare.push(performance.now() - started);
      version.push(wallMs(['--version']).ms);
      status.push(wallMs(['status', '--config', config, '--session', 'bench']));
    }
    const statusExit = status[0]?.status ?? null;
    return {
      versionMedianMs: median(version),
      versionRuns: runs,
      statusMedianMs: statusExit === 0 ? median(status.map((run) => run.ms)) : undefined,
      statusExit,
      nodeBaselineMs: median(bare),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
