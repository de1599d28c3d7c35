/**
 * Session files that are not what samocode wrote: FIFOs, symlinks to /dev/zero or /etc/passwd, and
 * files far larger than samocode writes. `ls`, `status`, `run`, `clean` and the dashboard must answer
 * (never block on an open, never read without a cap) and say what is wrong. Each command runs with a
 * deadline, so a hang fails the test instead of stalling it. Integration tier.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FleetProject, makeFleetProject } from '../helpers/fleet-project.js';
import { pollUntil } from '../helpers/processes.js';
import { SAMOCODE_BIN as BIN, ROOT } from '../helpers/samocode-bin.js';
import { removeTempTrees } from '../helpers/temp-session.js';

/** Bounds a command that would hang on a FIFO; the commands themselves take seconds. */
const DEADLINE_MS = 90_000;

const BLOCK = [{ do: 'signal', content: { status: 'blocked', reason: 'seeded', needs: 'human_decision' } }];

/** The session each fault is planted in (all seeded by one blocked run first). */
const BAD = {
  fifoState: 'fifo-state',
  fifoHistory: 'fifo-history',
  fifoLock: 'fifo-lock',
  zeroState: 'zero-state',
  zeroHistory: 'zero-history',
  passwdState: 'passwd-state',
  hugeState: 'huge-state',
  hugeHistory: 'huge-history',
} as const;

interface Listed {
  session: string;
  attention: string;
  state: string;
  detail?: string;
  problems: string[];
  worker: { isRunning: boolean };
}

describe('hostile session files (fake claude, real git) [slow]', { timeout: 300_000 }, () => {
  let fleet: FleetProject;
  const folder: Record<string, string> = {};
  const file = (name: string, leaf: string) => join(fleet.project.sessions, folder[name] ?? name, leaf);

  beforeAll(async () => {
    fleet = await makeFleetProject();
    const names = ['good', ...Object.values(BAD)];
    const ends = await Promise.all(names.map((name) => fleet.run(name, [BLOCK])));
    expect(ends.map((end) => end.exitCode)).toEqual(names.map(() => 11));
    for (const name of names) {
      const [found] = execFileSync('ls', [fleet.project.sessions], { encoding: 'utf8' })
        .split('\n')
        .filter((entry) => entry.endsWith(`-${name}`));
      folder[name] = found ?? name;
    }
    const fifo = (path: string) => {
      rmSync(path, { force: true });
      execFileSync('mkfifo', [path]);
    };
    const link = (path: string, target: string) => {
      rmSync(path, { force: true });
      symlinkSync(target, path);
    };
    fifo(file(BAD.fifoState, '_state.json'));
    fifo(file(BAD.fifoHistory, '_signal_history.jsonl'));
    fifo(file(BAD.fifoLock, '_run.lock'));
    link(file(BAD.zeroState, '_state.json'), '/dev/zero');
    link(file(BAD.zeroHistory, '_signal_history.jsonl'), '/dev/zero');
    link(file(BAD.passwdState, '_state.json'), '/etc/passwd');
    // Sparse: 300 MB and 200 MB that take no disk.
    truncateSync(file(BAD.hugeState, '_state.json'), 300_000_000);
    const history = file(BAD.hugeHistory, '_signal_history.jsonl');
    truncateSync(history, 200_000_000);
    writeFileSync(history, '\n', { flag: 'a' });
  }, 300_000);

  afterAll(async () => {
    await fleet?.stopAll();
    removeTempTrees();
  });

  /** Ends a command that outlives the deadline (a hang on a FIFO) with SIGKILL, which no blocked open can ignore. */
  const bounded = async (child: ResultPromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    try {
      return await child;
    } finally {
      clearTimeout(timer);
    }
  };

  const listed = async (): Promise<Listed[]> => {
    const end = await execa('node', [BIN, 'ls', '--json', '--config', fleet.project.configPath], {
      cwd: ROOT,
      reject: false,
      timeout: DEADLINE_MS,
      env: { HOME: fleet.project.root },
    });
    expect({ exit: end.exitCode, timedOut: end.timedOut }).toEqual({ exit: 0, timedOut: false });
    return (JSON.parse(String(end.stdout)) as { sessions: Listed[] }).sessions;
  };

  it('ls answers and names each bad file; the good session is listed as usual', async () => {
    const sessions = await listed();
    const of = (name: string) => sessions.find((s) => s.session === folder[name]);
    expect(of('good')).toMatchObject({ attention: 'blocked', problems: [] });
    expect(of(BAD.fifoState)?.detail).toMatch(/_state\.json is a FIFO \(named pipe\), not a regular file/);
    expect(of(BAD.zeroState)?.detail).toMatch(/_state\.json is a symbolic link/);
    expect(of(BAD.passwdState)?.detail).toMatch(/_state\.json is a symbolic link/);
    expect(of(BAD.hugeState)?.detail).toMatch(/_state\.json is 300\.0 MB, more than the .* it was not read/);
    for (const name of [BAD.fifoState, BAD.zeroState, BAD.passwdState, BAD.hugeState])
      expect(of(name)?.attention).toBe('corrupt');
    expect(of(BAD.fifoHistory)?.problems.join('\n')).toMatch(/_signal_history\.jsonl is a FIFO/);
    expect(of(BAD.zeroHistory)?.problems.join('\n')).toMatch(/_signal_history\.jsonl is a symbolic link/);
    expect(of(BAD.hugeHistory)?.problems.join('\n')).toMatch(
      /_signal_history\.jsonl is 200\.0 MB; only its last .* were read/,
    );
    expect(of(BAD.fifoLock)).toMatchObject({ attention: 'blocked', worker: { isRunning: false } });
    expect(JSON.stringify(sessions)).not.toContain('root:x:0');
  });

  it.each([
    [BAD.fifoState, /_state\.json is a FIFO \(named pipe\), not a regular file/],
    [BAD.zeroState, /_state\.json is a symbolic link/],
    [BAD.passwdState, /_state\.json is a symbolic link/],
    [BAD.hugeState, /_state\.json is 300\.0 MB/],
  ])('status and run of %s exit 2 naming the problem, quoting nothing of the file', async (name, problem) => {
    for (const command of ['status', 'run']) {
      const end = await bounded(fleet.samocode([command, '--session', name]));
      expect({ command, exit: end.exitCode, killed: end.isTerminated }).toEqual({
        command,
        exit: 2,
        killed: false,
      });
      expect(end.stderr).toMatch(problem);
      expect(end.stderr).not.toContain('root:x:0');
      expect(end.stderr).not.toContain('internal error');
    }
  });

  it.each([
    [BAD.fifoHistory, /_signal_history\.jsonl is a FIFO/],
    [BAD.zeroHistory, /_signal_history\.jsonl is a symbolic link/],
    [BAD.hugeHistory, /_signal_history\.jsonl is 200\.0 MB; only its last/],
  ])('status of %s answers and names the history problem', async (name, problem) => {
    const end = await bounded(fleet.samocode(['status', '--session', name]));
    expect(end.exitCode).toBe(0);
    expect(String(end.stdout)).toMatch(problem);
  });

  it.each([
    [BAD.fifoHistory, /_signal_history\.jsonl is a FIFO/],
    [BAD.zeroHistory, /_signal_history\.jsonl is a symbolic link/],
  ])('run of %s refuses the history before it spawns a provider (exit 2)', async (name, problem) => {
    const before = fleet.invocations(name).length;
    const end = await bounded(fleet.run(name, [BLOCK]));
    expect(end.exitCode).toBe(2);
    expect(end.stderr).toMatch(problem);
    expect(fleet.invocations(name).length).toBe(before);
  });

  it('a FIFO as _run.lock is replaced with a warning that says what it was; run and clean go on', async () => {
    const run = await bounded(fleet.run(BAD.fifoLock, [BLOCK]));
    expect(run.exitCode).toBe(11);
    expect(run.stderr).toContain('_run.lock was a FIFO (named pipe), not a lock samocode wrote; replaced it');
    expect(run.stderr).not.toContain('pid 0');
    execFileSync('rm', ['-f', file(BAD.fifoLock, '_run.lock')]);
    execFileSync('mkfifo', [file(BAD.fifoLock, '_run.lock')]);
    const clean = await bounded(fleet.samocode(['clean', '--session', BAD.fifoLock]));
    expect(clean.exitCode).toBe(0);
    expect(clean.stderr).toContain('_run.lock was a FIFO (named pipe)');
  });

  it('the dashboard keeps answering / and every other session', async () => {
    const child = execa('node', [BIN, 'dashboard', '--config', fleet.project.configPath], {
      cwd: ROOT,
      reject: false,
      env: { HOME: fleet.project.root },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    try {
      const url = await pollUntil(
        () => /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1],
        'the dashboard URL',
        DEADLINE_MS,
      );
      const get = async (path: string) => {
        const answer = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(DEADLINE_MS) });
        return { status: answer.status, body: await answer.text() };
      };
      expect((await get('')).status).toBe(200);
      const list = await get('api/sessions');
      expect(list.status).toBe(200);
      expect(list.body).toContain(folder.good);
      for (const name of ['good', ...Object.values(BAD)])
        expect({ name, status: (await get(`api/sessions/${folder[name]}`)).status }).toEqual({
          name,
          status: 200,
        });
      expect(list.body).not.toContain('root:x:0');
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  });
});
