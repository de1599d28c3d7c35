/**
 * The fault matrix (issue 8): each row runs real `samocode run` processes against the fake claude in
 * a temp git project, injects one fault, and checks the documented outcome and exit code, that the
 * history is intact (rows parse, none lost, none duplicated), that no provider process survives,
 * and that no planted secret reaches a file samocode wrote or its output.
 * `npm run test:faults` prints the table; docs/RELIABILITY.md records it.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { closedPort, startFakeTelegram } from '../helpers/telegram-server.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  checkHistory,
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
  waitForInvocations,
  writeScenario,
} from './harness.js';
import { type MatrixResult, renderMatrix } from './matrix-table.js';

/**
 * A row waits for facts (an invocation line, an exit, a pid's death), never for time; this only
 * bounds a stuck row. Generous: rows run concurrently and start `node --import tsx` up to three
 * times each, which takes minutes on a loaded 2-core machine.
 */
const ROW_TIMEOUT_MS = 600_000;

const results: MatrixResult[] = [];

afterAll(() => {
  const ordered = ROWS.map((row) => results.find((result) => result.fault === row.fault)).filter(
    (result): result is MatrixResult => result !== undefined,
  );
  process.stdout.write(`\n${renderMatrix(ordered)}\n`);
  if (process.env.FAULT_TABLE_OUT)
    writeFileSync(process.env.FAULT_TABLE_OUT, JSON.stringify(ordered, null, 2));
  removeTempTrees();
}, ROW_TIMEOUT_MS);

const signal = (content: unknown): Step => ({ do: 'signal', content });
const to = (phase: string): Step => signal({ status: 'continue', phase });
const BLOCK: Step = signal({ status: 'blocked', reason: 'fault row over', needs: 'human_decision' });
const HANG: Step = { do: 'hang' };

interface RowContext {
  readonly project: FaultProject;
  readonly end: RunEnd;
  readonly sessionDir: string | undefined;
}

interface FaultRow {
  readonly fault: string;
  /** The documented outcome, as printed in the table. */
  readonly outcome: string;
  readonly exit: number;
  readonly calls?: readonly (readonly Step[])[];
  readonly session?: string;
  readonly args?: readonly string[];
  readonly env?: (project: FaultProject) => Promise<Record<string, string>> | Record<string, string>;
  readonly setup?: (project: FaultProject) => Promise<void> | void;
  /** Acts on the running process (signals, a second run) and returns extra PIDs to check. */
  readonly drive?: (project: FaultProject, run: RunningSamocode) => Promise<number[] | undefined>;
  readonly prefix?: readonly string[];
  readonly check?: (context: RowContext) => void;
}

const SETPRIV = [
  'setpriv',
  '--bounding-set',
  '-dac_override,-dac_read_search,-fowner',
  '--inh-caps=-all',
  '--',
];
const stdoutOf = (context: RowContext) => `${context.end.stdout}\n${context.end.stderr}`;
const rowsOf = (context: RowContext) =>
  context.sessionDir === undefined
    ? []
    : readFileSync(join(context.sessionDir, '_signal_history.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return { corrupt: line };
          }
        });

/** Runs a first iteration so the session folder exists, then leaves the session blocked. */
async function seedSession(project: FaultProject): Promise<string> {
  writeScenario(project, [[BLOCK]]);
  const first = await runSamocode(project, runArgs(project));
  if (first.code !== EXIT.blocked) throw new Error(`seeding run exited ${first.code}: ${first.stderr}`);
  const dir = findSessionDir(project);
  if (dir === undefined) throw new Error('seeding run made no session folder');
  return dir;
}

/** No session folder, no worktree, no branch but main, and no provider invocation. */
function expectNothingCreated(project: FaultProject): void {
  expect(readdirSync(project.sessions)).toEqual([]);
  expect(readdirSync(join(project.root, 'worktrees'))).toEqual([]);
  const branches = execFileSync('git', ['branch', '--format=%(refname:short)'], {
    cwd: project.repo,
    encoding: 'utf8',
  });
  expect(branches.trim()).toBe('main');
  expect(existsSync(`${project.scenario}.log.jsonl`)).toBe(false);
}

async function signalWhenProviderRuns(
  project: FaultProject,
  run: RunningSamocode,
  kill: NodeJS.Signals,
): Promise<number[]> {
  await waitForInvocations(project, 1);
  run.child.kill(kill);
  return [];
}

const ROWS: readonly FaultRow[] = [
  {
    fault: 'none (baseline: init → done, auto-approve)',
    outcome: 'completed',
    exit: EXIT.complete,
    args: ['--auto-approve'],
    calls: [
      [to('investigation')],
      [to('requirements')],
      [to('planning')],
      [signal({ status: 'waiting', for: 'plan_approval' })],
      [to('testing')],
      [to('done')],
      [signal({ status: 'done', summary: 'all done' })],
    ],
    check: (context) => {
      expect(rowsOf(context).map((row) => row.state)).toEqual([
        'investigation.running',
        'requirements.running',
        'planning.running',
        'implementation.running',
        'testing.running',
        'done.running',
        'completed',
      ]);
    },
  },
  {
    fault: 'provider crashes every attempt',
    outcome: 'retried, then failed (transient exhausted)',
    exit: EXIT.providerFailed,
    calls: [[{ do: 'crash', code: 3 }]],
  },
  {
    fault: 'provider crashes once, then succeeds',
    outcome: 'retried; one row with attempts 2',
    exit: EXIT.blocked,
    calls: [[{ do: 'crash', code: 3 }], [BLOCK]],
    check: (context) => expect(rowsOf(context).map((row) => row.attempts)).toEqual([2]),
  },
  {
    fault: 'provider hangs past --timeout',
    outcome: 'group killed at the timeout, retried, failed',
    exit: EXIT.providerFailed,
    args: ['--timeout', '1'],
    calls: [[HANG]],
  },
  {
    fault: 'grandchild ignores SIGTERM (hang + timeout)',
    outcome: 'group SIGKILLed after the grace; no survivor',
    exit: EXIT.providerFailed,
    args: ['--timeout', '1'],
    env: () => ({ SAMOCODE_MAX_RETRIES: '1' }),
    calls: [[{ do: 'grandchild', pidFile: 'GRANDCHILD' }, HANG]],
  },
  {
    fault: 'grandchild left behind after a clean exit',
    outcome: 'group reaped after the CLI exits',
    exit: EXIT.blocked,
    calls: [[{ do: 'grandchild', pidFile: 'GRANDCHILD', holdStdout: false }, BLOCK]],
  },
  {
    fault: 'garbage lines on stdout',
    outcome: 'ignored; the signal is still read',
    exit: EXIT.blocked,
    calls: [[{ do: 'garbage', lines: 2000 }, BLOCK]],
    check: (context) => expect(rowsOf(context).map((row) => row.accepted)).toEqual([true]),
  },
  {
    fault: 'large output (64 MiB of stream-json)',
    outcome: 'streamed to _logs, signal read',
    exit: EXIT.blocked,
    calls: [[{ do: 'flood', bytes: 64 * 1024 * 1024 }, BLOCK]],
    check: (context) => {
      expect(context.sessionDir).toBeDefined();
      const log = join(context.sessionDir ?? '', '_logs', '001-init-a1.jsonl');
      expect(statSync(log).size).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    },
  },
  {
    fault: 'no signal written',
    outcome: 'no_signal: retried with a reminder, then blocked (rule 6)',
    exit: EXIT.blocked,
    calls: [[{ do: 'say', text: 'I forgot the signal' }]],
  },
  {
    fault: 'malformed signal (not JSON)',
    outcome: 'signal.invalid: rejected row, blocked',
    exit: EXIT.blocked,
    calls: [[signal('{"status": "continue",')]],
  },
  {
    fault: 'oversized signal (> 64 KiB)',
    outcome: 'signal.invalid: rejected row, blocked',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'continue', summary: 'x'.repeat(70 * 1024) })]],
  },
  {
    fault: 'schema-violating signal (unknown status)',
    outcome: 'signal.invalid: rejected row, blocked',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'finished', phase: 'done' })]],
  },
  {
    fault: 'illegal transition: init → implementation',
    outcome: 'rejected by the registry, blocked',
    exit: EXIT.blocked,
    calls: [[to('implementation')]],
  },
  {
    fault: 'illegal transition: done from investigation',
    outcome: 'rejected by the registry, blocked',
    exit: EXIT.blocked,
    calls: [[to('investigation')], [signal({ status: 'done', summary: 'too early' })]],
  },
  {
    fault: 'illegal transition: waiting for plan approval in init',
    outcome: 'rejected by the registry, blocked',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'waiting', for: 'plan_approval' })]],
  },
  {
    fault: 'illegal transition: backwards requirements → init',
    outcome: 'rejected by the registry, blocked',
    exit: EXIT.blocked,
    calls: [[to('investigation')], [to('requirements')], [to('init')]],
  },
  {
    fault: 'usage limit (resets in 1 s)',
    outcome: 'suspended until the reset, then resumed without spending an attempt',
    exit: EXIT.blocked,
    calls: [[{ do: 'outcome', kind: 'usage_limit', resetsAt: 0 }], [BLOCK]],
    setup: (project) => {
      writeScenario(project, [
        [{ do: 'outcome', kind: 'usage_limit', resetsAt: Math.floor(Date.now() / 1000) + 1 }],
        [BLOCK],
      ]);
    },
  },
  {
    fault: 'auth failure (401)',
    outcome: 'fatal: stopped at once, says what to fix',
    exit: EXIT.providerFailed,
    calls: [[{ do: 'outcome', kind: 'auth', retries: 1, retryDelayMs: 10 }]],
  },
  {
    fault: 'network failure',
    outcome: "cannot reach the API: stopped after the CLI's own retries, says what to fix",
    exit: EXIT.providerFailed,
    calls: [[{ do: 'outcome', kind: 'network', retries: 1, retryDelayMs: 10 }]],
  },
  {
    fault: 'SIGINT to samocode mid-iteration',
    outcome: 'provider group killed, interrupted',
    exit: EXIT.interrupted,
    calls: [[HANG]],
    drive: (project, run) => signalWhenProviderRuns(project, run, 'SIGINT'),
  },
  {
    fault: 'SIGTERM to samocode mid-iteration',
    outcome: 'provider group killed, interrupted',
    exit: EXIT.interrupted,
    calls: [[HANG]],
    drive: (project, run) => signalWhenProviderRuns(project, run, 'SIGTERM'),
  },
  {
    fault: 'lock contention (second run)',
    outcome: 'second run refused naming the holder; first unaffected',
    exit: EXIT.interrupted,
    calls: [[HANG]],
    drive: async (project, run) => {
      await waitForInvocations(project, 1);
      const second = await runSamocode(project, runArgs(project));
      expect(second.code).toBe(EXIT.locked);
      expect(second.stderr).toContain(String(run.pid));
      run.child.kill('SIGINT');
      return [];
    },
  },
  {
    fault: 'stale lock (dead holder)',
    outcome: 'taken over with a warning',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    check: (context) => expect(stdoutOf(context)).toContain('left by pid 999999'),
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(
        join(dir, '_run.lock'),
        JSON.stringify({
          pid: 999_999,
          host: hostname(),
          startedAt: new Date(0).toISOString(),
          command: 'run',
        }),
      );
      writeScenario(project, [[BLOCK]]);
    },
  },
  {
    fault: 'corrupt snapshot (_state.json)',
    outcome: 'refused with a fix (move it aside)',
    exit: EXIT.usage,
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(join(dir, '_state.json'), '{"v":1,"snapshot":');
    },
    check: (context) => expect(stdoutOf(context)).toContain('_state.json'),
  },
  {
    fault: 'corrupt line in the history file',
    outcome: 'the line is skipped; the run goes on',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(
        join(dir, '_signal_history.jsonl'),
        `${readFileSync(join(dir, '_signal_history.jsonl'), 'utf8')}{"v":1,"iter\n`,
      );
      writeScenario(project, [[BLOCK]]);
    },
  },
  {
    fault: 'read-only session folder',
    outcome: 'refused with a clear error',
    exit: EXIT.usage,
    prefix: SETPRIV,
    setup: async (project) => {
      const dir = await seedSession(project);
      chmodSync(dir, 0o555);
    },
    check: (context) => {
      expect(stdoutOf(context)).toContain('cannot write in the session folder');
      expect(stdoutOf(context)).not.toContain('internal error');
    },
  },
  {
    fault: 'Telegram down (closed port)',
    outcome: 'notification fails quietly; run unaffected',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    env: async () => ({
      TELEGRAM_API_BASE: `http://127.0.0.1:${await closedPort()}`,
      TELEGRAM_CHAT_ID: '42',
    }),
  },
  {
    fault: 'Telegram slow (never answers)',
    outcome: 'bounded by the 5 s timeout; run unaffected',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    env: async () => {
      const telegram = await startFakeTelegram('hang');
      telegramServers.push(telegram);
      return { TELEGRAM_API_BASE: telegram.apiBase, TELEGRAM_CHAT_ID: '42' };
    },
  },
  {
    fault: 'inspector on (--inspect)',
    outcome: 'relay started and stopped; the process exits',
    exit: EXIT.blocked,
    args: ['--inspect'],
    calls: [[BLOCK]],
  },
  {
    fault: 'session name escapes the folder (../evil)',
    outcome: 'refused: invalid session name',
    exit: EXIT.usage,
    session: '../evil',
    check: (context) => expect(existsSync(join(context.project.root, 'evil'))).toBe(false),
  },
  {
    fault: 'session name is an absolute path',
    outcome: 'refused: invalid session name',
    exit: EXIT.usage,
    session: '/tmp/samocode-evil',
    check: () => expect(existsSync('/tmp/samocode-evil')).toBe(false),
  },
  ...(
    [
      ['session name of 250 characters', 'y'.repeat(250)],
      ["session name '-x' (git: a branch cannot start with '-')", '-x'],
      ["session name 'a..b' (git: no '..')", 'a..b'],
      ["session name 'x.lock' (git: no '.lock' ending)", 'x.lock'],
      ["session name 'HEAD' (reserved by git)", 'HEAD'],
    ] as const
  ).map(
    ([fault, session]): FaultRow => ({
      fault,
      outcome: 'refused up front: invalid session name; nothing created, no provider started',
      exit: EXIT.usage,
      session,
      calls: [[BLOCK]],
      check: (context) => {
        expect(stdoutOf(context)).toContain('invalid session name');
        expectNothingCreated(context.project);
      },
    }),
  ),
  {
    fault: "dated folders: 99-01-01-fault (1999, broken) beside this year's session",
    outcome: "resolved by the real date: this year's session resumes; the 1999 folder is untouched",
    exit: EXIT.blocked,
    setup: async (project) => {
      await seedSession(project);
      const old = join(project.sessions, '99-01-01-fault');
      mkdirSync(old);
      // Were it chosen (text order puts 99 last), the run would refuse its state with exit 2.
      writeFileSync(join(old, '_state.json'), '{"v":1,"snapshot":');
      writeScenario(project, [[BLOCK]]);
    },
    check: (context) => {
      expect(readdirSync(join(context.project.sessions, '99-01-01-fault'))).toEqual(['_state.json']);
      expect(context.sessionDir?.endsWith('99-01-01-fault')).toBe(false);
      expect(checkHistory(context.sessionDir)).toMatchObject({ rows: 2, lost: 0, duplicates: 0 });
    },
  },
  {
    fault: 'secrets in the environment, provider echoes them',
    outcome: 'redacted everywhere samocode writes',
    exit: EXIT.blocked,
    calls: [[{ do: 'stderr', text: 'token sk-ant-api03-FAULTSECRETanthropic0123456789abcdef' }, BLOCK]],
  },
];

const telegramServers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const server of telegramServers.splice(0)) await server.close();
});

async function runRow(row: FaultRow): Promise<void> {
  const project = makeFaultProject();
  if (row.calls) writeScenario(project, row.calls);
  await row.setup?.(project);
  const env = { ...(await row.env?.(project)) };
  const args = runArgs(project, row.session ?? 'fault', row.args ?? []);
  const pidFiles = JSON.stringify(row.calls ?? []).includes('GRANDCHILD');
  if (pidFiles && existsSync(project.scenario)) {
    writeFileSync(
      project.scenario,
      readFileSync(project.scenario, 'utf8').replaceAll(
        '"GRANDCHILD"',
        JSON.stringify(join(project.root, 'grandchild.pid')),
      ),
    );
  }
  const run = startSamocode(project, args, { env, ...(row.prefix ? { prefix: row.prefix } : {}) });
  let extra: number[] = [];
  let end: RunEnd | undefined;
  try {
    extra = (await row.drive?.(project, run)) ?? [];
    end = await run.done;
    const sessionDir = findSessionDir(project, row.session ?? 'fault');
    const history = checkHistory(sessionDir);
    const orphans = await orphansOf(project, extra);
    const leaks = leakedSecrets(project, end);
    results.push({
      fault: row.fault,
      outcome: row.outcome,
      exitCode: end.code,
      rowsLost: history.lost + history.duplicates,
      orphans: orphans.length,
    });
    expect(
      { exit: end.code, orphans, leaks, lost: history.lost, duplicates: history.duplicates },
      end.stderr,
    ).toEqual({
      exit: row.exit,
      orphans: [],
      leaks: [],
      lost: 0,
      duplicates: 0,
    });
    row.check?.({ project, end, sessionDir });
  } finally {
    if (sessionDir(project, row)) chmodSync(sessionDir(project, row) ?? '', 0o755);
    killAll([run.pid, ...providerPids(project), ...extra]);
    if (end === undefined) await run.done;
  }
}

function sessionDir(project: FaultProject, row: FaultRow): string | undefined {
  return findSessionDir(project, row.session ?? 'fault');
}

describe('fault matrix', () => {
  it.concurrent.each(ROWS.map((row) => [row.fault, row] as const))(
    '%s',
    async (_name, row) => runRow(row),
    ROW_TIMEOUT_MS,
  );
});
