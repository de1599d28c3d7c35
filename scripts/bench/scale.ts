/**
 * (e) Scale: per-iteration wall time around iteration 10 and around iteration 10,000 of one session.
 * Method: run 12 real iterations, then pre-seed the session to 10,000 iterations (history rows,
 * Flow Log lines, the snapshot's counters and last row, as 9,988 more iterations would have left
 * them), then resume it for 12 more real iterations. The time of an iteration is the gap between
 * two consecutive iteration-ending transitions; the figure is the median of iterations 6–12 and of
 * the 11 after the resume.
 */
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionObserver } from '../../src/runner/observer.js';
import { type HistoryRow, readLastRow } from '../../src/session/history.js';
import { readSessionState, writeSessionState } from '../../src/session/snapshot-store.js';
import { type BenchSession, makeBenchSession, runBenchSession, stayThenBlock } from './bench-session.js';
import { median } from './figures.js';

export interface ScaleFigures {
  readonly earlyMs: number;
  readonly lateMs: number;
  readonly lateFrom: number;
  readonly historyBytes: number;
  readonly overviewBytes: number;
}

const BATCH = 12;

async function timedRun(session: BenchSession): Promise<number[]> {
  const stamps: number[] = [];
  const observer: SessionObserver = {
    onTransition: (info) => {
      if (info.event.type.startsWith('signal.')) stamps.push(performance.now());
    },
  };
  await runBenchSession(session, [observer]);
  return stamps.slice(1).map((stamp, i) => stamp - (stamps[i] ?? stamp));
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
  const overview = readFileSync(overviewPath, 'utf8').replace(/\n*$/, '\n');
  writeFileSync(overviewPath, `${overview}${flow.join('\n')}\n`);
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
  const session = makeBenchSession(stayThenBlock(BATCH));
  try {
    const early = await timedRun(session);
    seedTo(session, target);
    writeFileSync(session.script, JSON.stringify({ calls: stayThenBlock(BATCH) }));
    rmSync(`${session.script}.calls`, { force: true });
    const late = await timedRun(session);
    return {
      earlyMs: median(early.slice(4)),
      lateMs: median(late.slice(1)),
      lateFrom: target + 1,
      historyBytes: statSync(join(session.sessionDir, '_signal_history.jsonl')).size,
      overviewBytes: statSync(join(session.sessionDir, '_overview.md')).size,
    };
  } finally {
    session.remove();
  }
}
