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

export function benchStartup(runs = 10): StartupFigures {
  const absoluteBin = join(process.cwd(), DIST_BIN);
  wallMs(['--version']); // warm the file cache
  const version = Array.from({ length: runs }, () => wallMs(['--version']).ms);
  const bare = Array.from({ length: runs }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - started;
  });
  const root = mkdtempSync(join(tmpdir(), 'samocode-bench-status-'));
  try {
    for (const dir of ['repo', 'worktrees', 'sessions']) mkdirSync(join(root, dir));
    const config = join(root, '.samocode');
    writeFileSync(config, `MAIN_REPO=${root}/repo\nWORKTREES=${root}/worktrees\nSESSIONS=${root}/sessions\n`);
    const statusRuns = Array.from({ length: runs }, () => {
      const started = performance.now();
      const result = spawnSync(
        process.execPath,
        [absoluteBin, 'status', '--config', config, '--session', 'bench'],
        {
          encoding: 'utf8',
        },
      );
      return { ms: performance.now() - started, status: result.status };
    });
    const statusExit = statusRuns[0]?.status ?? null;
    // The placeholder command exits 1 ("not implemented yet"): its time would mean nothing.
    const statusMedianMs = statusExit === 1 ? undefined : median(statusRuns.map((run) => run.ms));
    return {
      versionMedianMs: median(version),
      versionRuns: runs,
      statusMedianMs,
      statusExit,
      nodeBaselineMs: median(bare),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
