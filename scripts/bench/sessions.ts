/**
 * `samocode ls` and `samocode status` over many sessions: one real session (a `run` of the sh
 * provider for `iterations` calls, then blocked), copied to `count` dated folders without their
 * `_logs/`. Each command runs under `sh`, whose `times` gives its CPU; medians of `rounds`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-run.js';
import { median } from './figures.js';
import { binArgv } from './startup.js';

export interface SessionsFigures {
  readonly count: number;
  readonly historyRows: number;
  readonly ls: { readonly ms: number; readonly cpuMs: number; readonly exit: number | null };
  readonly status: { readonly ms: number; readonly cpuMs: number; readonly exit: number | null };
}

function timed(argv: readonly string[]): { ms: number; cpuMs: number; exit: number | null } {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', '"$@" > /dev/null 2>&1; code=$?; times; exit $code', 'sh', ...argv], {
    encoding: 'utf8',
  });
  const children = result.stdout.trim().split('\n').pop() ?? '';
  let cpuMs = 0;
  for (const match of children.matchAll(/(\d+)m([\d.]+)s/g))
    cpuMs += Number(match[1]) * 60_000 + Number(match[2]) * 1000;
  return { ms: performance.now() - started, cpuMs, exit: result.status };
}

export async function benchSessions(count = 1_000, iterations = 12, rounds = 5): Promise<SessionsFigures> {
  const run = await runCli({ providerEnv: { BENCH_BLOCK_AFTER: String(iterations) } });
  const sessions = join(run.root, 'sessions');
  const [seed] = readdirSync(sessions);
  if (seed === undefined) throw new Error('the seed run made no session folder');
  rmSync(join(sessions, seed, '_logs'), { recursive: true, force: true });
  const day = seed.slice(0, 9);
  for (let index = 1; index < count; index += 1) {
    cpSync(join(sessions, seed), join(sessions, `${day}s${String(index).padStart(4, '0')}`), {
      recursive: true,
    });
  }
  const config = join(run.root, '.samocode');
  const bin = binArgv();
  const middle = `s${String(Math.floor(count / 2)).padStart(4, '0')}`;
  timed([...bin, 'ls', '--config', config]); // warm the file cache
  const ls = Array.from({ length: rounds }, () => timed([...bin, 'ls', '--config', config]));
  const status = Array.from({ length: rounds }, () =>
    timed([...bin, 'status', '--config', config, '--session', middle]),
  );
  const medians = (list: ReturnType<typeof timed>[]) => ({
    ms: median(list.map((entry) => entry.ms)),
    cpuMs: median(list.map((entry) => entry.cpuMs)),
    exit: list[0]?.exit ?? null,
  });
  return { count, historyRows: run.rows, ls: medians(ls), status: medians(status) };
}
