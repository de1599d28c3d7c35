/**
 * (e) Scale: per-iteration wall time around iteration 10 and around iteration 10,000 of one session.
 * Method: run 12 real iterations, then pre-seed the session to 10,000 iterations (history rows,
 * Flow Log lines, the snapshot's counters and last row, as 9,988 more iterations would have left
 * them), then resume it for 12 more real iterations. The time of an iteration is the gap between
 * two consecutive iteration-ending transitions (wall, and this process's CPU); the figures are the
 * medians of iterations 6–12 and of the 11 after the resume. The seeded Flow Log is what an
 * uncapped `_overview.md` would hold; the first transition after the resume trims it.
 */
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionObserver } from '../../src/runner/observer.js';
import { type HistoryRow, readLastRow } from '../../src/session/history.js';
import { appendFlowLine } from '../../src/session/overview.js';
import { readSessionState, writeSessionState } from '../../src/session/snapshot-store.js';
import { type BenchSession, makeBenchSession, runBenchSession } from './bench-session.js';
import { median } from './figures.js';

export interface ScaleFigures {
  readonly earlyMs: number;
  readonly lateMs: number;
  readonly earlyCpuMs: number;
  readonly lateCpuMs: number;
  readonly lateFrom: number;
  readonly historyBytes: number;
  readonly overviewBytes: number;
  readonly seededOverviewBytes: number;
}

const BATCH = 12;

interface Gaps {
  readonly wallMs: number[];
  /** This process's CPU (the runner and the provider actor run here; the provider is a child). */
  readonly cpuMs: number[];
}

const cpuMsNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function timedRun(session: BenchSession): Promise<Gaps> {
  const walls: number[] = [];
  const cpus: number[] = [];
  const observer: SessionObserver = {
    onTransition: (info) => {
      if (!info.event.type.startsWith('signal.')) return;
      walls.push(performance.now());
      cpus.push(cpuMsNow());
    },
  };
  await runBenchSession(session, [observer]);
  const gaps = (stamps: number[]) => stamps.slice(1).map((stamp, i) => stamp - (stamps[i] ?? stamp));
  return { wallMs: gaps(walls), cpuMs: gaps(cpus) };
}

function seedTo(session: BenchSession, target: number): void {
  const historyPath = join(session.sessionDir, '_signal_history.jsonl');
  const statePath = join(session.sessionDir, '_state.json');
  const overviewPath = join(session.sessionDir, '_overview.md');
  const last = readLastRow(historyPath);
  const state = readSessionState(statePath);
  if (!last || !state) throw new Error('the first batch left no history or state');
  const from = last.iteration + 1;
  const rows: string[] = [];
  const flow: string[] = [];
  let row: HistoryRow = last;
  for (let iteration = from; iteration <= target; iteration += 1) {
    row = {
      ...last,
      iteration,
      rawSignal: '{"status":"continue"}',
      event: 'signal.continue',
      accepted: true,
      rejection: null,
      state: 'init.running',
    };
    rows.push(JSON.stringify(row));
    flow.push(`- [${last.time}] samocode: #${iteration} init.running -> init.running (signal.continue)`);
  }
  appendFileSync(historyPath, `${rows.join('\n')}\n`);
  // Into the Flow Log section, uncapped: what the writer left before it kept only a tail.
  writeFileSync(
    overviewPath,
    appendFlowLine(readFileSync(overviewPath, 'utf8'), flow.join('\n'), Number.POSITIVE_INFINITY),
  );
  const snapshot = state.snapshot;
  const context = {
    ...snapshot.context,
    totalIterations: target,
    iterations: { ...(snapshot.context.iterations as object), init: target },
  };
  writeSessionState(statePath, {
    v: 1,
    snapshot: { ...snapshot, value: { init: 'blocked' }, context },
    lastRow: row,
  });
}

export async function benchScale(target = 10_000): Promise<ScaleFigures> {
  const session = makeBenchSession(BATCH);
  try {
    const early = await timedRun(session);
    seedTo(session, target);
    const seededOverviewBytes = statSync(join(session.sessionDir, '_overview.md')).size;
    rmSync(session.counter, { force: true });
    const late = await timedRun(session);
    return {
      earlyMs: median(early.wallMs.slice(4)),
      lateMs: median(late.wallMs.slice(1)),
      earlyCpuMs: median(early.cpuMs.slice(4)),
      lateCpuMs: median(late.cpuMs.slice(1)),
      lateFrom: target + 1,
      historyBytes: statSync(join(session.sessionDir, '_signal_history.jsonl')).size,
      overviewBytes: statSync(join(session.sessionDir, '_overview.md')).size,
      seededOverviewBytes,
    };
  } finally {
    session.remove();
  }
}
