/**
 * Data, locking, input and output faults (issue 13): each row runs real `samocode run` processes
 * against the fake claude (or, for the lock, a pool of racing threads), injects one fault and checks
 * the documented outcome, the history, orphans and leaks like the main fault matrix does.
 * `npx tsx scripts/fault-table.ts` records the table in docs/RELIABILITY.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { readHistory } from '../../src/session/history.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { raceForLock } from '../helpers/lock-race.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  BIN,
  checkHistory,
  type FaultProject,
  findSessionDir,
  killAll,
  leakedSecrets,
  makeFaultProject,
  orphansOf,
  providerPids,
  REPO_ROOT,
  type RunEnd,
  runArgs,
  runSamocode,
  type Step,
  startSamocode,
  writeScenario,
} from './harness.js';
import { type MatrixResult, renderMatrix } from './matrix-table.js';

const results: MatrixResult[] = [];
afterAll(() => {
  const ordered = ROWS.map((row) => results.find((result) => result.fault === row.fault)).filter(
    (result): result is MatrixResult => result !== undefined,
  );
  process.stdout.write(`\n${renderMatrix(ordered)}\n`);
  if (process.env.DATA_FAULT_TABLE_OUT)
    writeFileSync(process.env.DATA_FAULT_TABLE_OUT, JSON.stringify(ordered, null, 2));
  removeTempTrees();
});

const signal = (content: unknown): Step => ({ do: 'signal', content });
const to = (phase: string): Step => signal({ status: 'continue', phase });
const BLOCK: Step = signal({ status: 'blocked', reason: 'fault row over', needs: 'human_decision' });

/** Tokens of every family the redactor knows, plus a value only SAMOCODE_REDACT_VARS names. */
const TOKENS = {
  GH_PAT: 'plainvalue-nobody-would-guess-4711',
  github: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  githubFine: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  slack: 'xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  google: 'AIzaSyA1234567890abcdefghijklmnopqrstuv',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  anthropic: 'sk-ant-api03-abcdefghijklmnop0123456789',
  openai: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123',
} as const;
/** Terminal controls: clear screen, window title, bell, NUL, right-to-left override, C1 CSI. */
const HOSTILE_TEXT = 'a\u001b[2J\u001b]0;pwned\u0007b\u0000c\u202ed\u009b31me';
const RAW_CONTROLS = ['\u001b', '\u0007', '\u0000', '\u202e', '\u009b'];

interface RowContext {
  readonly project: FaultProject;
  readonly end: RunEnd;
  readonly sessionDir: string | undefined;
}

interface FaultRow {
  readonly fault: string;
  readonly outcome: string;
  readonly exit: number;
  readonly calls?: readonly (readonly Step[])[];
  readonly args?: readonly string[];
  readonly env?: (project: FaultProject) => Record<string, string>;
  readonly setup?: (project: FaultProject) => Promise<void> | void;
  readonly check?: (context: RowContext) => Promise<void> | void;
  readonly cleanup?: (project: FaultProject) => void;
  /** A row that is not a `samocode run` (the lock race): returns its own end. */
  readonly instead?: (project: FaultProject) => Promise<RunEnd>;
}

const output = (context: RowContext) => `${context.end.stdout}\n${context.end.stderr}`;
const sessionOf = (context: RowContext): string => {
  if (context.sessionDir === undefined) throw new Error('no session folder');
  return context.sessionDir;
};
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const historyLines = (dir: string) => read(dir, '_signal_history.jsonl').split('\n').filter(Boolean);

async function seedSession(
  project: FaultProject,
  calls: readonly (readonly Step[])[] = [[BLOCK]],
): Promise<string> {
  writeScenario(project, calls);
  const first = await runSamocode(project, runArgs(project));
  const dir = findSessionDir(project);
  if (dir === undefined) throw new Error(`seeding run made no session folder: ${first.stderr}`);
  return dir;
}

/** Edits the saved state as a person (or an attacker) would: parsed, changed, written back. */
function editState(dir: string, edit: (state: Record<string, unknown>) => string): void {
  const state = JSON.parse(read(dir, '_state.json')) as Record<string, unknown>;
  writeFileSync(join(dir, '_state.json'), edit(state));
}

const moveAside = (context: RowContext) => {
  expect(output(context)).toContain('move it aside');
  expect(output(context)).not.toContain('internal error');
  expect(existsSync(join(sessionOf(context), '_run.lock'))).toBe(false);
};

function samocodeStatus(project: FaultProject, json: boolean, env: Record<string, string> = {}) {
  return execa(
    process.execPath,
    [BIN, 'status', '--config', project.configPath, '--session', 'fault', ...(json ? ['--json'] : [])],
    { cwd: REPO_ROOT, env: { ...project.env, ...env }, extendEnv: false, reject: false },
  );
}

const mounts: string[] = [];
function mountSmallDisk(dir: string, size = '2m'): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return true;
  } catch {
    return false;
  }
}
afterAll(() => {
  // Innermost first: a session's `_logs` may be mounted inside the sessions mount.
  for (const dir of mounts.splice(0).reverse()) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
});
const canMount = (() => {
  const probe = join(REPO_ROOT, 'node_modules', '.samocode-mount-probe');
  try {
    mkdirSync(probe, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

/** The session's last history row. */
const lastRowOf = (context: RowContext) =>
  readHistory(join(sessionOf(context), '_signal_history.jsonl')).rows.at(-1);

const ROWS: readonly FaultRow[] = [
  {
    fault: 'lock race: 10 racers × 300 rounds, free and over a stale lock',
    outcome: 'exactly one holder in every round',
    exit: 0,
    instead: async (project) => {
      const dead = Number((await execa('node', ['-e', 'process.stdout.write(String(process.pid))'])).stdout);
      const dir = join(project.root, 'race');
      mkdirSync(dir);
      const result = await raceForLock({ dir, racers: 10, rounds: 300, stalePid: dead });
      const bad = result.bad.length + result.failures;
      return {
        code: bad === 0 ? 0 : 1,
        signal: null,
        stdout: JSON.stringify(result.bad.slice(0, 5)),
        stderr: '',
      };
    },
  },
  {
    fault: 'torn last history line (crash mid-append)',
    outcome: 'the next row starts on a fresh line and is kept',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(join(dir, '_signal_history.jsonl'), `${read(dir, '_signal_history.jsonl')}{"v":1,"iter`);
      writeScenario(project, [[BLOCK]]);
    },
    check: (context) => {
      const lines = historyLines(sessionOf(context));
      expect(lines.at(-2)).toBe('{"v":1,"iter');
      expect(JSON.parse(lines.at(-1) ?? '').iteration).toBe(2);
      expect(checkHistory(context.sessionDir)).toMatchObject({ rows: 2, skipped: 1 });
    },
  },
  {
    fault: "hand-edited _state.json: value 'constructor'",
    outcome: 'refused with a fix (move it aside); lock released',
    exit: EXIT.usage,
    setup: async (project) => {
      const dir = await seedSession(project);
      editState(dir, (state) =>
        JSON.stringify({ ...state, snapshot: { ...(state.snapshot as object), value: 'constructor' } }),
      );
    },
    check: moveAside,
  },
  {
    fault: 'hostile _state.json: a __proto__ key in the context',
    outcome: 'refused with a fix (move it aside); lock released',
    exit: EXIT.usage,
    setup: async (project) => {
      const dir = await seedSession(project);
      const text = read(dir, '_state.json').replace(
        '"context": {',
        '"context": {"__proto__": {"polluted": true},',
      );
      writeFileSync(join(dir, '_state.json'), text);
    },
    check: moveAside,
  },
  {
    fault: '_state.json context without counters',
    outcome: 'refused with a fix (move it aside); lock released',
    exit: EXIT.usage,
    setup: async (project) => {
      const dir = await seedSession(project);
      editState(dir, (state) => {
        const snapshot = state.snapshot as { context: Record<string, unknown> };
        const { iterations: _i, allowance: _a, ...context } = snapshot.context;
        return JSON.stringify({ ...state, snapshot: { ...snapshot, context } });
      });
    },
    check: moveAside,
  },
  {
    fault: '_logs is a file',
    outcome: 'refused with a fix (move it aside); lock released',
    exit: EXIT.usage,
    setup: async (project) => {
      const dir = await seedSession(project);
      rmSync(join(dir, '_logs'), { recursive: true });
      writeFileSync(join(dir, '_logs'), 'not a folder');
    },
    check: moveAside,
  },
  {
    fault: 'disk full mid-iteration (2 MiB tmpfs)',
    outcome: 'provider stopped, clear error naming the folder; state intact, resumes once freed',
    exit: EXIT.usage,
    setup: async (project) => {
      if (!mountSmallDisk(project.sessions)) throw new Error('mount refused');
      await seedSession(project);
      // The agent's output fills the disk through its log in _logs/.
      writeScenario(project, [[{ do: 'flood', bytes: 4 * 1024 * 1024 }, BLOCK]]);
    },
    check: async (context) => {
      const dir = sessionOf(context);
      expect(output(context)).toContain(`no space left to write the provider log in ${join(dir, '_logs')}`);
      expect(output(context)).toContain('free some space');
      expect(output(context)).not.toContain('internal error');
      expect(
        readdirSync(dir).filter((name) => name.startsWith('_run.lock') || name === '_provider.pid'),
      ).toEqual([]);
      // The state is whole (the last one written, before the attempt) and the session resumes once there is room.
      expect(readSessionState(join(dir, '_state.json'))?.snapshot.value).toEqual({ init: 'running' });
      rmSync(join(dir, '_logs', '002-init-a1.jsonl'));
      writeScenario(context.project, [[BLOCK]]);
      const again = await runSamocode(context.project, runArgs(context.project));
      expect(again.code, again.stderr).toBe(EXIT.blocked);
    },
  },
  {
    fault: 'disk full during a state write (2 MiB tmpfs; the agent fills it)',
    outcome:
      'clear error naming the folder and the fix; the previous _state.json whole; lock released; no provider left',
    exit: EXIT.usage,
    env: (project) => ({ SESSIONS_DIR: project.sessions }),
    setup: async (project) => {
      if (!mountSmallDisk(project.sessions)) throw new Error('mount refused');
      const dir = await seedSession(project);
      // The provider log lives on a disk of its own, so the first write to find the disk full is the state's.
      if (!mountSmallDisk(join(dir, '_logs'), '16m')) throw new Error('mount refused');
      writeScenario(project, [
        [
          // A long reason makes the new state span pages: the one page the pid record frees cannot hold it.
          signal({ status: 'blocked', reason: `long ${'x'.repeat(8000)}`, needs: 'human_decision' }),
          // The worktree folder is named after the session folder; the filler takes every free byte.
          { do: 'shell', command: 'head -c 8M /dev/zero > "$SESSIONS_DIR/$(basename "$PWD")/filler"' },
        ],
      ]);
    },
    check: async (context) => {
      const dir = sessionOf(context);
      expect(output(context)).toContain(
        `no space left to write the session state in ${dir} (ENOSPC); the state saved before is intact: free some space`,
      );
      expect(output(context)).not.toContain('internal error');
      // Filled: the failure came from the disk, not from elsewhere.
      expect(statSync(join(dir, 'filler')).size).toBeGreaterThan(1024 * 1024);
      const left = readdirSync(dir).filter(
        (name) => name.startsWith('_run.lock') || name === '_provider.pid' || name.endsWith('.tmp'),
      );
      expect(left).toEqual([]);
      // The state written when the run resumed the session, whole, before the iteration that could not be saved.
      expect(readSessionState(join(dir, '_state.json'))?.snapshot.value).toEqual({ init: 'running' });
      expect(checkHistory(dir)).toMatchObject({ rows: 1, skipped: 0 });
      rmSync(join(dir, 'filler'));
      writeScenario(context.project, [[BLOCK]]);
      const again = await runSamocode(context.project, runArgs(context.project));
      expect(again.code, again.stderr).toBe(EXIT.blocked);
      expect(checkHistory(dir)).toMatchObject({ rows: 2, lost: 0, duplicates: 0 });
    },
  },
  {
    fault: 'wall clock jumps back an hour mid-iteration',
    outcome: 'duration measured on the monotonic clock; the session resumes',
    exit: EXIT.blocked,
    env: (project) => ({
      NODE_OPTIONS: `--import ${join(REPO_ROOT, 'test/faults/fixtures/clock-jump.mjs')}`,
      CLOCK_JUMP_FILE: join(project.root, 'jumped'),
    }),
    setup: (project) => {
      writeScenario(project, [
        [{ do: 'write', path: join(project.root, 'jumped'), content: '1' }, { do: 'sleep', ms: 200 }, BLOCK],
      ]);
    },
    check: async (context) => {
      const row = JSON.parse(historyLines(sessionOf(context)).at(-1) ?? '');
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
      writeScenario(context.project, [[BLOCK]]);
      const again = await runSamocode(context.project, runArgs(context.project));
      expect(again.code, again.stderr).toBe(EXIT.blocked);
    },
  },
  {
    fault: 'old history row with a negative duration in _state.json',
    outcome: 'read (as 0), not refused as corrupt; the session resumes with a second row',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    setup: async (project) => {
      const dir = await seedSession(project);
      editState(dir, (state) =>
        JSON.stringify({ ...state, lastRow: { ...(state.lastRow as object), durationMs: -3_599_000 } }),
      );
      writeScenario(project, [[BLOCK]]);
    },
    check: (context) => {
      expect(output(context)).not.toContain('not a samocode state file');
      expect(checkHistory(context.sessionDir)).toMatchObject({ rows: 2, lost: 0, duplicates: 0 });
    },
  },
  {
    fault: 'temp files left by a killed write',
    outcome: 'removed once the run holds the lock',
    exit: EXIT.blocked,
    calls: [[BLOCK]],
    setup: async (project) => {
      const dir = await seedSession(project);
      writeFileSync(join(dir, '._state.json.999999.3.tmp'), '{"v":1,"snap');
      writeFileSync(join(dir, '._overview.md.999999.7.tmp'), '# half');
      writeScenario(project, [[BLOCK]]);
    },
    check: (context) =>
      expect(readdirSync(sessionOf(context)).filter((name) => name.endsWith('.tmp'))).toEqual([]),
  },
  {
    fault: '_signal.json is a FIFO nobody writes',
    outcome: 'signal.invalid (not a regular file), blocked; no hang',
    exit: EXIT.blocked,
    calls: [[{ do: 'signal-fifo' }]],
    check: (context) => {
      expect(output(context)).toContain('not a regular file');
      expect(lastRowOf(context)).toMatchObject({ event: 'signal.invalid', state: 'init.blocked' });
    },
  },
  {
    fault: '_signal.json is a symlink to a secret file',
    outcome: 'not followed: signal.invalid, blocked; the target is read nowhere',
    exit: EXIT.blocked,
    setup: (project) => {
      writeFileSync(join(project.root, 'passwd'), 'root:x:0:0:TARGETCONTENT:/root:/bin/bash\n');
      writeScenario(project, [[{ do: 'signal-symlink', target: join(project.root, 'passwd') }]]);
    },
    check: async (context) => {
      const dir = sessionOf(context);
      expect(output(context)).toContain('symbolic link');
      expect(lastRowOf(context)).toMatchObject({ event: 'signal.invalid', state: 'init.blocked' });
      const status = await samocodeStatus(context.project, true);
      for (const text of [
        read(dir, '_signal_history.jsonl'),
        read(dir, '_state.json'),
        read(dir, '_overview.md'),
        status.stdout,
        output(context),
      ])
        expect(text).not.toContain('TARGETCONTENT');
    },
  },
  {
    fault: 'oversized signal (100 KiB)',
    outcome: 'refused as "over 65536 bytes", read no further',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'continue', summary: 'x'.repeat(100 * 1024) })]],
    check: (context) => {
      expect(read(sessionOf(context), '_state.json')).toContain('over 65536 bytes');
      expect(read(sessionOf(context), '_state.json')).not.toContain('65537');
    },
  },
  {
    fault: 'secrets in the signal reason (every token family, a listed variable)',
    outcome: 'redacted before anything is written: history, state, overview, status',
    exit: EXIT.blocked,
    env: () => ({ GH_PAT: TOKENS.GH_PAT, SAMOCODE_REDACT_VARS: 'GH_PAT' }),
    calls: [
      [
        signal({
          status: 'blocked',
          reason: `leaked ${Object.values(TOKENS).join(' ')} and the planted ones`,
          needs: 'human_decision',
        }),
      ],
    ],
    check: async (context) => {
      const dir = sessionOf(context);
      const env = { GH_PAT: TOKENS.GH_PAT, SAMOCODE_REDACT_VARS: 'GH_PAT' };
      const texts = {
        history: read(dir, '_signal_history.jsonl'),
        state: read(dir, '_state.json'),
        overview: read(dir, '_overview.md'),
        log: read(dir, 'session.log'),
        run: output(context),
        status: (await samocodeStatus(context.project, false, env)).stdout,
        statusJson: (await samocodeStatus(context.project, true, env)).stdout,
      };
      const leaks = Object.entries(texts).flatMap(([where, text]) =>
        Object.entries(TOKENS)
          .filter(([, token]) => text.includes(token))
          .map(([name]) => `${name} in ${where}`),
      );
      expect(leaks).toEqual([]);
      expect(texts.status).toContain('[redacted]');
    },
  },
  {
    fault: 'terminal escapes in the signal (ANSI, BEL, NUL, RLO, C1)',
    outcome: 'neutralised in everything printed or written for people',
    exit: EXIT.blocked,
    calls: [[signal({ status: 'blocked', reason: HOSTILE_TEXT, needs: 'human_decision' })]],
    check: async (context) => {
      const dir = sessionOf(context);
      const texts = {
        history: read(dir, '_signal_history.jsonl'),
        state: read(dir, '_state.json'),
        overview: read(dir, '_overview.md'),
        log: read(dir, 'session.log'),
        run: output(context),
        status: (await samocodeStatus(context.project, false)).stdout,
        statusJson: (await samocodeStatus(context.project, true)).stdout,
      };
      const raw = Object.entries(texts).flatMap(([where, text]) =>
        RAW_CONTROLS.filter((char) => text.includes(char)).map(
          (char) => `U+${char.codePointAt(0)?.toString(16)} in ${where}`,
        ),
      );
      expect(raw).toEqual([]);
      expect(texts.overview).toContain('a␛[2J␛]0;pwned␇b␀c<U+202E>d<U+009B>31me');
    },
  },
  {
    fault: 'timeout with a slow kill (--timeout 1, grace 2 s)',
    outcome: 'the message names the configured limit (1 s)',
    exit: EXIT.providerFailed,
    args: ['--timeout', '1'],
    env: () => ({
      SAMOCODE_MAX_RETRIES: '1',
      SAMOCODE_KILL_GRACE: '2',
    }),
    setup: (project) =>
      writeScenario(project, [
        [{ do: 'grandchild', pidFile: join(project.root, 'grandchild.pid') }, { do: 'hang' }],
      ]),
    check: (context) => {
      expect(read(sessionOf(context), '_state.json')).toContain('no result within the time limit (1 s)');
    },
  },
  {
    fault: "hand-edited 'Phase:' line, run stops without a transition",
    outcome: 'the owned lines are re-asserted on restore',
    exit: EXIT.waiting,
    setup: async (project) => {
      const dir = await seedSession(project, [
        [to('investigation')],
        [to('requirements')],
        [to('planning')],
        [signal({ status: 'waiting', for: 'plan_approval' })],
      ]);
      writeFileSync(
        join(dir, '_overview.md'),
        read(dir, '_overview.md').replace(/^Phase: .*$/m, 'Phase: done'),
      );
    },
    check: (context) => {
      expect(read(sessionOf(context), '_overview.md')).toMatch(/^Phase: planning$/m);
    },
  },
];

async function runRow(row: FaultRow): Promise<void> {
  const project = makeFaultProject();
  if (row.calls) writeScenario(project, row.calls);
  let end: RunEnd | undefined;
  let pid: number | undefined;
  try {
    if (row.instead) {
      end = await row.instead(project);
      expect(end.code, end.stdout).toBe(row.exit);
      results.push({ fault: row.fault, outcome: row.outcome, exitCode: end.code, rowsLost: 0, orphans: 0 });
      return;
    }
    await row.setup?.(project);
    const run = startSamocode(project, runArgs(project, 'fault', row.args ?? []), {
      env: { ...row.env?.(project) },
    });
    pid = run.pid;
    end = await run.done;
    const sessionDir = findSessionDir(project);
    const history = checkHistory(sessionDir);
    const orphans = await orphansOf(project);
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
    await row.check?.({ project, end, sessionDir });
    // Recorded only now: the table lists rows whose every assertion held.
    results.push({
      fault: row.fault,
      outcome: row.outcome,
      exitCode: end.code,
      rowsLost: history.lost + history.duplicates,
      orphans: orphans.length,
    });
  } finally {
    killAll([...(pid === undefined ? [] : [pid]), ...providerPids(project)]);
  }
}

describe('data faults', () => {
  it.concurrent.each(ROWS.map((row) => [row.fault, row] as const))(
    '%s',
    async (_name, row) => {
      if (row.fault.startsWith('disk full') && !canMount) {
        process.stdout.write('skipped: mounting a tmpfs is not permitted here (needs root)\n');
        return;
      }
      await runRow(row);
    },
    300_000,
  );
});
