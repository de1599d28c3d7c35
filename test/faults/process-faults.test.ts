/**
 * Process faults: signals, kills during the kill grace, `setsid` daemons, usage-limit waits out of
 * range and timer overflow. Each row runs real `samocode run` processes against the fake claude
 * (see harness.ts) and checks the outcome, the exit code, the history and that nothing survives.
 * `scripts/fault-table.ts` writes these rows into docs/RELIABILITY.md beside the main matrix.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { SESSION_FILES } from '../../src/session/paths.js';
import { pollUntil } from '../helpers/processes.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  checkHistory,
  countInvocations,
  type FaultProject,
  findSessionDir,
  killAll,
  leakedSecrets,
  makeFaultProject,
  orphansOf,
  providerPids,
  type RunEnd,
  type RunningSamocode,
  runArgs,
  runSamocode,
  type Step,
  startSamocode,
  waitForFile,
  writeScenario,
} from './harness.js';
import { type MatrixResult, renderMatrix } from './matrix-table.js';

const results: MatrixResult[] = [];

afterAll(() => {
  const ordered = ROWS.map((row) => results.find((result) => result.fault === row.fault)).filter(
    (result): result is MatrixResult => result !== undefined,
  );
  process.stdout.write(`\n${renderMatrix(ordered)}\n`);
  if (process.env.PROCESS_FAULT_TABLE_OUT)
    writeFileSync(process.env.PROCESS_FAULT_TABLE_OUT, JSON.stringify(ordered, null, 2));
  removeTempTrees();
});

const BLOCK: Step = {
  do: 'signal',
  content: { status: 'blocked', reason: 'fault row over', needs: 'human_decision' },
};
const HANG: Step = { do: 'hang' };

/** Where a row's helper processes write their PIDs (`*.pid` in the project root: orphansOf checks them). */
const files = (project: FaultProject) => ({
  grandchild: join(project.root, 'grandchild.pid'),
  daemon: join(project.root, 'daemon.pid'),
  terms: join(project.root, 'grandchild.terms'),
});

const termsSeen = (project: FaultProject): number =>
  existsSync(files(project).terms)
    ? readFileSync(files(project).terms, 'utf8').split('\n').filter(Boolean).length
    : 0;

/** Waits until the stubborn grandchild has ignored `count` SIGTERMs: a kill grace is under way. */
const waitForTerms = (project: FaultProject, count: number) =>
  pollUntil(
    () => (termsSeen(project) >= count ? true : undefined),
    `${count} SIGTERM(s) to the grandchild`,
    300_000,
  );

const stubbornGrandchild = (project: FaultProject): Step => ({
  do: 'grandchild',
  pidFile: files(project).grandchild,
  termFile: files(project).terms,
  holdStdout: false,
});

/** A run killed by SIGKILL: no cleanup of its own runs. */
async function sigkill(run: RunningSamocode): Promise<void> {
  run.child.kill('SIGKILL');
  await run.done;
}

interface RowContext {
  readonly project: FaultProject;
  readonly end: RunEnd;
  readonly sessionDir: string | undefined;
}

interface ProcessRow {
  readonly fault: string;
  readonly outcome: string;
  readonly exit: number;
  readonly calls: (project: FaultProject) => readonly (readonly Step[])[];
  readonly env?: Record<string, string>;
  readonly args?: readonly string[];
  /** Drives the first run; may start later runs and returns the end of the last one. */
  readonly drive?: (project: FaultProject, run: RunningSamocode) => Promise<RunEnd | undefined>;
  readonly check?: (context: RowContext) => void;
}

const printed = (context: RowContext) => `${context.end.stdout}\n${context.end.stderr}`;
const limitAt = (epochS: number): Step => ({ do: 'outcome', kind: 'usage_limit', resetsAt: epochS });
const nowS = () => Math.floor(Date.now() / 1000);

const ROWS: readonly ProcessRow[] = [
  {
    fault: 'SIGHUP to samocode mid-iteration (terminal closed)',
    outcome: 'like SIGTERM: provider group killed, interrupted',
    exit: EXIT.interrupted,
    calls: (project) => [[stubbornGrandchild(project), HANG]],
    drive: async (project, run) => {
      await waitForFile(files(project).grandchild, 'the grandchild PID file', 300_000);
      run.child.kill('SIGHUP');
      return undefined;
    },
  },
  {
    fault: 'double Ctrl-C while the next run reaps a left-over group',
    outcome: 'the reaped group is SIGKILLed on exit, interrupted; no survivor',
    exit: EXIT.interrupted,
    env: { SAMOCODE_KILL_GRACE: '120' },
    calls: (project) => [[stubbornGrandchild(project), HANG], [BLOCK]],
    drive: async (project, run) => {
      await waitForFile(files(project).grandchild, 'the grandchild PID file', 300_000);
      await sigkill(run);
      const second = startSamocode(project, runArgs(project), { env: { SAMOCODE_KILL_GRACE: '120' } });
      await waitForTerms(project, 1);
      // Two different signals, so the kernel cannot merge them into one.
      second.child.kill('SIGINT');
      second.child.kill('SIGTERM');
      return second.done;
    },
  },
  {
    fault: 'samocode SIGKILLed in the kill grace, the next run SIGKILLed while reaping',
    outcome: 'the pid record outlives both; a third run reaps the group',
    exit: EXIT.blocked,
    env: { SAMOCODE_KILL_GRACE: '120' },
    calls: (project) => [[stubbornGrandchild(project), HANG], [BLOCK]],
    drive: async (project, run) => {
      await waitForFile(files(project).grandchild, 'the grandchild PID file', 300_000);
      run.child.kill('SIGINT');
      await waitForTerms(project, 1);
      await sigkill(run);
      // The second run's grace must outlast the test's reaction to its SIGTERM: with the project's
      // 1 s, a test slowed by load saw the reap finish (and the record go) before its SIGKILL.
      const second = startSamocode(project, runArgs(project), { env: { SAMOCODE_KILL_GRACE: '120' } });
      await waitForTerms(project, 2);
      await sigkill(second);
      const sessionDir = findSessionDir(project);
      expect(existsSync(join(sessionDir ?? '', SESSION_FILES.providerGroup))).toBe(true);
      return runSamocode(project, runArgs(project), { env: { SAMOCODE_KILL_GRACE: '1' } });
    },
    check: (context) => expect(printed(context)).toContain('stopped the provider process group'),
  },
  {
    fault: 'setsid daemon left behind after a clean exit',
    outcome: 'found by the run marker in its environment and killed',
    exit: EXIT.blocked,
    calls: (project) => [[{ do: 'daemon', pidFile: files(project).daemon }, BLOCK]],
  },
  {
    fault: 'setsid daemon, then samocode SIGKILLed',
    outcome: 'the next run reaps the group and the marked daemon',
    exit: EXIT.blocked,
    calls: (project) => [[{ do: 'daemon', pidFile: files(project).daemon }, HANG], [BLOCK]],
    drive: async (project, run) => {
      await waitForFile(files(project).daemon, 'the daemon PID file', 300_000);
      await sigkill(run);
      return runSamocode(project, runArgs(project));
    },
  },
  {
    fault: 'usage limit that resets in the past, every attempt',
    outcome: 'no busy loop of starts: fails after 5 limits in a row (5 starts)',
    exit: EXIT.providerFailed,
    env: { SAMOCODE_RETRY_DELAY: '1' },
    calls: () => [[limitAt(nowS() - 3600)]],
    drive: async (project, run) => {
      // A tight loop spawns hundreds of providers; stop it so the row fails instead of hanging.
      let isDone = false;
      void run.done.then(() => {
        isDone = true;
      });
      await pollUntil(
        () => (isDone || countInvocations(project) > 20 ? true : undefined),
        'the run to end',
        600_000,
      );
      if (!isDone) run.child.kill('SIGKILL');
      return run.done;
    },
    check: (context) => {
      expect(countInvocations(context.project)).toBe(5);
      expect(printed(context)).toContain('usage limit');
    },
  },
  {
    fault: 'usage limit that resets beyond any date (1e13 s)',
    outcome: 'failed: the wait is beyond SAMOCODE_MAX_SUSPEND (no crash)',
    exit: EXIT.providerFailed,
    calls: () => [[limitAt(1e13)]],
    check: (context) => {
      expect(printed(context)).toContain('beyond the 6.0 h samocode waits');
      expect(printed(context)).not.toContain('Invalid time value');
    },
  },
  {
    fault: '--timeout 2147484 (beyond the timer range)',
    outcome: 'refused: --timeout names its range',
    exit: EXIT.usage,
    args: ['--timeout', '2147484'],
    calls: () => [[BLOCK]],
    check: (context) => {
      expect(printed(context)).toContain('--timeout');
      expect(printed(context)).toContain('2147483');
      expect(countInvocations(context.project)).toBe(0);
    },
  },
];

async function runRow(row: ProcessRow): Promise<void> {
  const project = makeFaultProject();
  writeScenario(project, row.calls(project));
  const run = startSamocode(project, runArgs(project, 'fault', row.args ?? []), { env: { ...row.env } });
  let end: RunEnd | undefined;
  try {
    end = (await row.drive?.(project, run)) ?? (await run.done);
    await run.done;
    const sessionDir = findSessionDir(project);
    const history = checkHistory(sessionDir);
    const orphans = await orphansOf(project);
    const leaks = leakedSecrets(project, end);
    expect(
      { exit: end.code, orphans, leaks, lost: history.lost, duplicates: history.duplicates },
      end.stderr,
    ).toEqual({ exit: row.exit, orphans: [], leaks: [], lost: 0, duplicates: 0 });
    row.check?.({ project, end, sessionDir });
    // Recorded only now: the table lists rows whose every assertion held.
    results.push({
      fault: row.fault,
      outcome: row.outcome,
      exitCode: end.code,
      rowsLost: history.lost + history.duplicates,
      orphans: orphans.length,
    });
  } finally {
    killAll([run.pid, ...providerPids(project)]);
    if (end === undefined) await run.done;
  }
}

describe('process faults', () => {
  it.concurrent.each(ROWS.map((row) => [row.fault, row] as const))(
    '%s',
    async (_name, row) => runRow(row),
    900_000,
  );
});
