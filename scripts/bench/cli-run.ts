/**
 * One `samocode run` the way a user runs it (`dist/src/cli/bin.js run --auto-approve`, the bin
 * executed as a shell executes it, no tsx) in a temp git project, driven by the /bin/sh bench provider. Figures:
 * - wall time, and the CPU of the whole tree (samocode plus every provider process) from the shell
 *   built-in `times` of a `sh` wrapping it;
 * - samocode's own CPU and peak RSS (its process only), written at exit by `report-usage.mjs`
 *   (`--import` in NODE_OPTIONS): `process.cpuUsage()` and `process.resourceUsage().maxRSS`;
 * - its own CPU once `warmRows` history rows exist (utime + stime of /proc/<pid>/stat), so the
 *   per-iteration figure after start-up can be told from the one that includes it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { makeScratch } from './scratch.js';
import { binArgv } from './startup.js';

export const SH_PROVIDER = resolve('scripts/bench/sh-provider.sh');
const REPORT_USAGE = resolve('scripts/bench/report-usage.mjs');
/** Linux reports /proc/<pid>/stat times in clock ticks of 1/100 s. */
const TICK_MS = 10;

const Usage = z.object({ userUs: z.number(), systemUs: z.number(), maxRssKb: z.number() });

export interface CliRun {
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** samocode and all its children (providers, their `sed`), from `times`. */
  readonly treeCpuMs: number;
  /** samocode's own process. */
  readonly ownCpuMs: number;
  readonly peakRssKb: number;
  readonly rows: number;
  /** Own CPU when `warmRows` rows existed (undefined if the run never got there). */
  readonly ownCpuAtWarmMs: number | undefined;
  readonly warmRows: number;
  /** The run's temp project (`.samocode`, `sessions/`, …), removed when the bench ends. */
  readonly root: string;
}

export interface CliRunOptions {
  /** Extra environment for the provider (BENCH_FLOOD_BYTES, BENCH_BLOCK_AFTER, …). */
  readonly providerEnv?: Record<string, string>;
  readonly warmRows?: number;
  /** Another build to run (a before/after comparison); default this checkout's dist. */
  readonly distBin?: string;
}

/** Sums the two lines of `times` (shell, then children): `0m0.010000s 0m0.020000s`. */
export function parseTimes(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/(\d+)m([\d.]+)s/g))
    total += Number(match[1]) * 60_000 + Number(match[2]) * 1000;
  return total;
}

function readOwnCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

function countRows(sessions: string): number {
  if (!existsSync(sessions)) return 0;
  for (const folder of readdirSync(sessions)) {
    const history = join(sessions, folder, '_signal_history.jsonl');
    if (!existsSync(history)) continue;
    const text = readFileSync(history, 'utf8');
    let rows = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) rows += 1;
    return rows;
  }
  return 0;
}

/** A git repository with one empty commit at `dir`. */
export function initBenchRepo(dir: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync(
    'git',
    ['-c', 'user.email=b@example.com', '-c', 'user.name=b', 'commit', '-q', '--allow-empty', '-m', 'init'],
    { cwd: dir },
  );
}

export async function runCli(options: CliRunOptions = {}): Promise<CliRun> {
  const warmRows = options.warmRows ?? 10;
  const root = makeScratch('samocode-bench-cli-');
  for (const dir of ['repo', 'worktrees', 'sessions', '.claude']) mkdirSync(join(root, dir));
  // The run's preflight wants claude logged in; the sh provider never reads the file.
  writeFileSync(join(root, '.claude', '.credentials.json'), '{}\n');
  const repo = join(root, 'repo');
  initBenchRepo(repo);
  const config = join(root, '.samocode');
  const sessions = join(root, 'sessions');
  writeFileSync(config, `MAIN_REPO=${repo}\nWORKTREES=${root}/worktrees\nSESSIONS=${sessions}\n`);
  const usageFile = join(root, 'usage.json');
  const pidFile = `${usageFile}.pid`;
  const started = performance.now();
  // `times` after samocode: the wrapper's own times, then its children's (samocode and, reaped by
  // samocode, every provider process).
  const child = spawn(
    'sh',
    [
      '-c',
      '"$@" > "$OUT" 2>&1; code=$?; times; exit $code',
      'sh',
      ...binArgv(options.distBin),
      'run',
      '--config',
      config,
      '--session',
      'bench',
      '--auto-approve',
    ],
    {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        OUT: join(root, 'samocode.out'),
        SAMOCODE_LOG_DIR: join(root, 'logs'),
        SAMOCODE_BENCH_USAGE: usageFile,
        CLAUDE_PATH: SH_PROVIDER,
        IS_SANDBOX: '1',
        NO_COLOR: '1',
        BENCH_COUNTER: join(root, 'calls'),
        ...options.providerEnv,
        // The environment, not node's argv: the bin may be a script that execs node itself.
        NODE_OPTIONS: [`--import=${pathToFileURL(REPORT_USAGE).href}`, options.providerEnv?.NODE_OPTIONS]
          .filter((option) => option !== undefined && option !== '')
          .join(' '),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let times = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    times += chunk.toString('utf8');
  });
  let ownCpuAtWarmMs: number | undefined;
  const watch = setInterval(() => {
    if (ownCpuAtWarmMs !== undefined || !existsSync(pidFile)) return;
    if (countRows(sessions) < warmRows) return;
    ownCpuAtWarmMs = readOwnCpuMs(Number(readFileSync(pidFile, 'utf8')));
  }, 10);
  const exitCode = await new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  clearInterval(watch);
  const wallMs = performance.now() - started;
  if (!existsSync(usageFile))
    throw new Error(
      `samocode wrote no usage (exit ${exitCode}): ${readFileSync(join(root, 'samocode.out'), 'utf8').slice(-2000)}`,
    );
  const usage = Usage.parse(JSON.parse(readFileSync(usageFile, 'utf8')));
  return {
    exitCode,
    wallMs,
    treeCpuMs: parseTimes(times),
    ownCpuMs: (usage.userUs + usage.systemUs) / 1000,
    peakRssKb: usage.maxRssKb,
    rows: countRows(sessions),
    ownCpuAtWarmMs,
    warmRows,
    root,
  };
}
