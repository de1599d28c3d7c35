/**
 * The fault matrix: each row runs real `samocode run` processes against the fake claude in a temp
 * git project, injects one fault, and asserts the outcome its table column states: the exit code,
 * the provider starts and the history rows (event, acceptance or the refusing rule, the state
 * after, attempts), plus any message the column names; that the history is intact (rows parse,
 * none lost, none duplicated), that no provider process survives, and that no planted secret
 * reaches a file samocode wrote or its output. Only a row whose assertions all held is recorded:
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
  type RowFacts,
  type RowSummary,
  type RunEnd,
  type RunningSamocode,
  readRowFacts,
  runArgs,
  runSamocode,
  SECRETS,
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

/**
 * The limit for rows whose provider hangs. The fake records its start only after node has started
 * and read its prompt; on CI a 1 s limit killed a second attempt before that (1 start counted of
 * 2 attempts). 5 s leaves room for node's start at a load of 15 and still ends the row quickly.
 */
const HANG_TIMEOUT_S = 5;

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
/** The row of an iteration that ended on BLOCK in `phase`. */
const blockedIn = (phase: string, extra: Partial<RowSummary> = {}): Partial<RowSummary> => ({
  event: 'signal.blocked',
  accepted: true,
  state: `${phase}.blocked`,
  attempts: 1,
  ...extra,
});
const refusedIn = (phase: string, rule: string, event: string): Partial<RowSummary> => ({
  event,
  accepted: false,
  rule,
  state: `${phase}.blocked`,
});
const failedIn = (phase: string, outcome: string, attempts: number): Partial<RowSummary> => ({
  event: 'agent.failed',
  accepted: false,
  outcome,
  attempts,
  state: `${phase}.failed`,
});
const promptOf = (project: FaultProject, invocation: number): string => {
  const line = readFileSync(`${project.scenario}.log.jsonl`, 'utf8').split('\n')[invocation] ?? '{}';
  return String((JSON.parse(line) as { prompt?: unknown }).prompt ?? '');
};
const HANG: Step = { do: 'hang' };

interface RowContext {
  readonly project: FaultProject;
  readonly end: RunEnd;
  readonly sessionDir: string | undefined;
}

/** What the outcome column claims, as facts: provider starts and the history rows, in order. */
interface ExpectedFacts {
  readonly invocations: number;
  readonly rows: readonly Partial<RowSummary>[];
}

interface FaultRow {
  readonly fault: string;
  /** The documented outcome, as printed in the table; `facts` and `check` assert what it says. */
  readonly outcome: string;
  readonly exit: number;
  readonly facts: ExpectedFacts;
  readonly calls?: readonly (readonly Step[])[];
  readonly session?: string;
  readonly args?: readonly string[];
  readonly env?: (project: FaultProject) => Promise<Record<string, string>> | Record<string, string>;
  readonly setup?: (project: FaultProject) => Promise<void> | void;
  /** Acts on the running process (signals, a second run) and returns extra PIDs to check. */
  readonly drive?: (project: FaultProject, run: RunningSamocode) => Promise<number[] | undefined>;
  readonly prefix?: readonly string[];
  /** What the outcome states beyond the facts (a message, a file). */
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
    outcome: 'completed: one accepted row per iteration, plan auto-approved',
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
    facts: {
      invocations: 7,
      rows: [
        { iteration: 1, accepted: true, state: 'investigation.running' },
        { iteration: 2, accepted: true, state: 'requirements.running' },
        { iteration: 3, accepted: true, state: 'planning.running' },
        { iteration: 4, event: 'signal.waiting', accepted: true, state: 'implementation.running' },
        { iteration: 5, accepted: true, state: 'testing.running' },
        { iteration: 6, accepted: true, state: 'done.running' },
        { iteration: 7, event: 'signal.done', accepted: true, state: 'completed' },
      ],
    },
  },
  {
    fault: 'provider crashes every attempt',
    outcome: 'retried, then failed (transient exhausted): 2 starts, one row of 2 attempts',
    exit: EXIT.providerFailed,
    calls: [[{ do: 'crash', code: 3 }]],
    facts: { invocations: 2, rows: [failedIn('init', 'crash', 2)] },
  },
  {
    fault: 'provider crashes once, then succeeds',
    outcome: 'retried; one row with attempts 2',
    exit: EXIT.blocked,
    calls: [[{ do: 'crash', code: 3 }], [BLOCK]],
    facts: { invocations: 2, rows: [blockedIn('init', { attempts: 2 })] },
  },
  {
    fault: 'provider hangs past --timeout',
    outcome: 'group killed at the timeout, retried, failed: one row of 2 timed-out attempts',
    exit: EXIT.providerFailed,
    args: ['--timeout', String(HANG_TIMEOUT_S)],
    calls: [[HANG]],
    facts: { invocations: 2, rows: [failedIn('init', 'timeout', 2)] },
  },
  {
    fault: 'grandchild ignores SIGTERM (hang + timeout)',
    outcome: 'group SIGKILLed after the grace; no survivor; failed on the timeout',
    exit: EXIT.providerFailed,
    args: ['--timeout', String(HANG_TIMEOUT_S)],
    env: () => ({ SAMOCODE_MAX_RETRIES: '1' }),
    calls: [[{ do: 'grandchild', pidFile: 'GRANDCHILD' }, HANG]],
    facts: { invocations: 1, rows: [failedIn('init', 'timeout', 1)] },
  },
  {
    fault: 'grandchild left behind after a clean exit',
    outcome: 'group reaped after the CLI exits; the signal is read',
    exit: EXIT.blocked,
    calls: [[{ do: 'grandchild', pidFile: 'GRANDCHILD', holdStdout: false }, BLOCK]],
    facts: { invocations: 1, rows: [blockedIn('init')] },
  },
  {
    fault: 'garbage lines on stdout',
    outcome: 'ignored; the signal is still read',
    exit: EXIT.blocked,
    calls: [[{ do: 'garbage', lines: 2000 }, BLOCK]],
    facts: { invocations: 1, rows: [blockedIn('init')] },
  },
  {
    fault: 'large output (64 MiB of stream-json)',
    outcome: 'streamed to _logs, signal read',
    exit: EXIT.blocked,
    calls: [[{ do: 'flood', bytes: 64 * 1024 * 1024 }, BLOCK]],
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => {
      expect(context.sessionDir).toBeDefined();
      const log = join(context.sessionDir ?? '', '_logs', '001-init-a1.jsonl');
      expect(statSync(log).size).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    },
  },
  {
    fault: 'no signal written',
    outcome: 'no_signal: retried with a reminder in the prompt, then blocked (rule 6)',
    exit: EXIT.blocked,
    calls: [[{ do: 'say', text: 'I forgot the signal' }]],
    facts: { invocations: 2, rows: [{ ...refusedIn('init', 'no-signal', 'agent.noSignal'), attempts: 2 }] },
    check: (context) => {
      expect(promptOf(context.project, 0)).not.toContain('# Reminder');
      expect(promptOf(context.project, 1)).toContain('# Reminder');
    },
  },
  {
    fault: 'malformed signal (not JSON)',
    outcome: 'signal.invalid: rejected row, blocked',
    exit: EXIT.blocked,
    calls: [[signal('{"status": "continue",')]],
    facts: { invocations: 1, rows: [refusedIn('init', 'invalid-signal', 'signal.invalid')] },
  },
  {
    fault: 'oversized signal (> 64 KiB)',
    outcome: 'signal.invalid: rejected row, blocked',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'continue', summary: 'x'.repeat(70 * 1024) })]],
    facts: { invocations: 1, rows: [refusedIn('init', 'invalid-signal', 'signal.invalid')] },
  },
  {
    fault: 'schema-violating signal (unknown status)',
    outcome: 'signal.invalid: rejected row, blocked',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'finished', phase: 'done' })]],
    facts: { invocations: 1, rows: [refusedIn('init', 'invalid-signal', 'signal.invalid')] },
  },
  {
    fault: 'illegal transition: init → implementation',
    outcome: 'rejected by the registry (target-not-allowed), blocked',
    exit: EXIT.blocked,
    calls: [[to('implementation')]],
    facts: { invocations: 1, rows: [refusedIn('init', 'target-not-allowed', 'signal.continue')] },
  },
  {
    fault: 'illegal transition: done from investigation',
    outcome: 'rejected by the registry (done-outside-done), blocked',
    exit: EXIT.blocked,
    calls: [[to('investigation')], [signal({ status: 'done', summary: 'too early' })]],
    facts: {
      invocations: 2,
      rows: [
        { accepted: true, state: 'investigation.running' },
        refusedIn('investigation', 'done-outside-done', 'signal.done'),
      ],
    },
  },
  {
    fault: 'illegal transition: waiting for plan approval in init',
    outcome: 'rejected by the registry (status-not-allowed), blocked',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'waiting', for: 'plan_approval' })]],
    facts: { invocations: 1, rows: [refusedIn('init', 'status-not-allowed', 'signal.waiting')] },
  },
  {
    fault: 'illegal transition: backwards requirements → init',
    outcome: 'rejected by the registry (target-not-allowed), blocked',
    exit: EXIT.blocked,
    calls: [[to('investigation')], [to('requirements')], [to('init')]],
    facts: {
      invocations: 3,
      rows: [
        { accepted: true, state: 'investigation.running' },
        { accepted: true, state: 'requirements.running' },
        refusedIn('requirements', 'target-not-allowed', 'signal.continue'),
      ],
    },
  },
  {
    fault: 'usage limit (resets in 1 s)',
    outcome:
      'suspended until the reset, then resumed without spending an attempt: with 1 attempt allowed, 2 starts end in one row on the signal',
    exit: EXIT.blocked,
    env: () => ({ SAMOCODE_MAX_RETRIES: '1' }),
    // The reset time is written when the row starts (a fixed one would lie in the past by then).
    setup: (project) => {
      writeScenario(project, [
        [{ do: 'outcome', kind: 'usage_limit', resetsAt: Math.floor(Date.now() / 1000) + 1 }],
        [BLOCK],
      ]);
    },
    facts: { invocations: 2, rows: [blockedIn('init', { attempts: 2 })] },
    check: (context) => expect(stdoutOf(context)).toContain('init.running → init.suspended on agent.limited'),
  },
  {
    fault: 'auth failure (401)',
    outcome: 'fatal: stopped at once (one start), says what to fix',
    exit: EXIT.providerFailed,
    calls: [[{ do: 'outcome', kind: 'auth', retries: 1, retryDelayMs: 10 }]],
    facts: { invocations: 1, rows: [failedIn('init', 'auth', 1)] },
    check: (context) => expect(stdoutOf(context)).toContain('Fix:'),
  },
  {
    fault: 'network failure',
    outcome: "cannot reach the API: stopped after the CLI's own retries (one start), says what to fix",
    exit: EXIT.providerFailed,
    calls: [[{ do: 'outcome', kind: 'network', retries: 1, retryDelayMs: 10 }]],
    facts: { invocations: 1, rows: [failedIn('init', 'network', 1)] },
    check: (context) => {
      expect(stdoutOf(context)).toContain('cannot reach the API');
      expect(stdoutOf(context)).toContain('Fix:');
    },
  },
  {
    fault: 'SIGINT to samocode mid-iteration',
    outcome: 'provider group killed, interrupted; the iteration is not recorded',
    exit: EXIT.interrupted,
    calls: [[HANG]],
    drive: (project, run) => signalWhenProviderRuns(project, run, 'SIGINT'),
    facts: { invocations: 1, rows: [] },
  },
  {
    fault: 'SIGTERM to samocode mid-iteration',
    outcome: 'provider group killed, interrupted; the iteration is not recorded',
    exit: EXIT.interrupted,
    calls: [[HANG]],
    drive: (project, run) => signalWhenProviderRuns(project, run, 'SIGTERM'),
    facts: { invocations: 1, rows: [] },
  },
  {
    fault: 'lock contention (second run)',
    outcome: 'second run refused naming the holder (exit 3, no start); first unaffected',
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
    facts: { invocations: 1, rows: [] },
  },
  {
    fault: 'stale lock (dead holder)',
    outcome: 'taken over with a warning naming the dead pid; the session resumes',
    exit: EXIT.blocked,
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
    facts: { invocations: 2, rows: [blockedIn('init'), blockedIn('init', { iteration: 2 })] },
    check: (context) => expect(stdoutOf(context)).toContain('left by pid 999999'),
  },
  {
    fault: 'corrupt snapshot (_state.json)',
    outcome: 'refused with a fix (move it aside); no start',
    exit: EXIT.usage,
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(join(dir, '_state.json'), '{"v":1,"snapshot":');
    },
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => {
      expect(stdoutOf(context)).toContain('_state.json is not valid JSON');
      expect(stdoutOf(context)).toContain('move it aside (mv ');
    },
  },
  {
    fault: 'corrupt line in the history file',
    outcome: 'the line is skipped; the run goes on',
    exit: EXIT.blocked,
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(
        join(dir, '_signal_history.jsonl'),
        `${readFileSync(join(dir, '_signal_history.jsonl'), 'utf8')}{"v":1,"iter\n`,
      );
      writeScenario(project, [[BLOCK]]);
    },
    facts: { invocations: 2, rows: [blockedIn('init'), blockedIn('init', { iteration: 2 })] },
    check: (context) => expect(checkHistory(context.sessionDir).skipped).toBe(1),
  },
  {
    fault: 'read-only session folder',
    outcome: 'refused with a clear error; no start',
    exit: EXIT.usage,
    prefix: SETPRIV,
    setup: async (project) => {
      const dir = await seedSession(project);
      chmodSync(dir, 0o555);
    },
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => {
      expect(stdoutOf(context)).toContain('cannot write in the session folder');
      expect(stdoutOf(context)).not.toContain('internal error');
    },
  },
  {
    fault: 'Telegram down (closed port)',
    outcome: 'notification fails quietly (a warning); run unaffected',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    env: async () => ({
      TELEGRAM_API_BASE: `http://127.0.0.1:${await closedPort()}`,
      TELEGRAM_CHAT_ID: '42',
    }),
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => expect(stdoutOf(context)).toContain('blocked notification not sent'),
  },
  {
    fault: 'Telegram slow (never answers)',
    outcome: 'the send is given up (a warning); run unaffected',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    env: async () => {
      const telegram = await startFakeTelegram('hang');
      telegramServers.push(telegram);
      return { TELEGRAM_API_BASE: telegram.apiBase, TELEGRAM_CHAT_ID: '42' };
    },
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => expect(stdoutOf(context)).toContain('blocked notification not sent'),
  },
  {
    fault: 'inspector on (--inspect)',
    outcome: 'relay started (URL printed) and stopped; the process exits',
    exit: EXIT.blocked,
    args: ['--inspect'],
    calls: [[BLOCK]],
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => expect(stdoutOf(context)).toMatch(/http:\/\/127\.0\.0\.1:\d+\//),
  },
  {
    fault: 'session name escapes the folder (../evil)',
    outcome: 'refused: invalid session name; no start',
    exit: EXIT.usage,
    session: '../evil',
    facts: { invocations: 0, rows: [] },
    check: (context) => {
      expect(stdoutOf(context)).toContain('invalid session name');
      expect(existsSync(join(context.project.root, 'evil'))).toBe(false);
    },
  },
  {
    fault: 'session name is an absolute path',
    outcome: 'refused: invalid session name; no start',
    exit: EXIT.usage,
    session: '/tmp/samocode-evil',
    facts: { invocations: 0, rows: [] },
    check: (context) => {
      expect(stdoutOf(context)).toContain('invalid session name');
      expect(existsSync('/tmp/samocode-evil')).toBe(false);
    },
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
      facts: { invocations: 0, rows: [] },
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
    facts: { invocations: 2, rows: [blockedIn('init'), blockedIn('init', { iteration: 2 })] },
    check: (context) => {
      expect(readdirSync(join(context.project.sessions, '99-01-01-fault'))).toEqual(['_state.json']);
      expect(context.sessionDir?.endsWith('99-01-01-fault')).toBe(false);
    },
  },
  {
    fault: 'secrets in the environment, provider echoes them',
    outcome: 'redacted everywhere samocode writes',
    exit: EXIT.blocked,
    calls: [[{ do: 'stderr', text: 'token sk-ant-api03-FAULTSECRETanthropic0123456789abcdef' }, BLOCK]],
    facts: { invocations: 1, rows: [blockedIn('init')] },
  },
  {
    fault: 'a secret in --task',
    outcome: 'redacted in _overview.md and everything else samocode writes; the prompt carries it',
    exit: EXIT.blocked,
    args: ['--task', `deploy with ${SECRETS.GITHUB_TOKEN}`],
    calls: [[BLOCK]],
    facts: { invocations: 1, rows: [blockedIn('init')] },
    check: (context) => {
      const overview = readFileSync(join(context.sessionDir ?? '', '_overview.md'), 'utf8');
      expect(overview).toContain('Task: deploy with [redacted]');
      expect(promptOf(context.project, 0)).toContain(SECRETS.GITHUB_TOKEN);
    },
  },
  {
    fault: 'VERIFY passes at done (--verify true)',
    outcome: 'completed; the done iteration has its row and one verification row with a receipt',
    exit: EXIT.complete,
    args: ['--auto-approve', '--verify', 'true'],
    calls: [
      [to('investigation')],
      [to('requirements')],
      [to('planning')],
      [signal({ status: 'waiting', for: 'plan_approval' })],
      [to('testing')],
      [to('done')],
      [signal({ status: 'done', summary: 'all done' })],
    ],
    facts: {
      invocations: 7,
      rows: [
        { iteration: 1 },
        { iteration: 2 },
        { iteration: 3 },
        { iteration: 4 },
        { iteration: 5 },
        { iteration: 6 },
        { iteration: 7, event: 'signal.done', accepted: true, state: 'done.verifying' },
        { iteration: 7, event: 'verify.passed', accepted: true, state: 'completed' },
      ],
    },
    check: (context) => expect(checkHistory(context.sessionDir)).toMatchObject({ rows: 8, duplicates: 0 }),
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
    expectFacts(readRowFacts(project, sessionDir), row.facts, end.stderr);
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
    if (sessionDir(project, row)) chmodSync(sessionDir(project, row) ?? '', 0o755);
    killAll([run.pid, ...providerPids(project), ...extra]);
    if (end === undefined) await run.done;
  }
}

/** The provider starts, and each history row against the one the outcome states (its named fields). */
function expectFacts(actual: RowFacts, expected: ExpectedFacts, stderr: string): void {
  expect({ invocations: actual.invocations, rows: actual.rows.length }, stderr).toEqual({
    invocations: expected.invocations,
    rows: expected.rows.length,
  });
  expected.rows.forEach((row, index) => {
    expect(actual.rows[index], `history row ${index + 1}`).toMatchObject(row);
  });
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
