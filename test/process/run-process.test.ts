/**
 * `runProcess` with real children (`/bin/sh` scripts): its own group, the time limit and a
 * cancellation ending the whole group, what a child leaves running stopped after its exit (a
 * `setsid` daemon too), output as it comes, and start failures as data.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGroupRecord } from '../../src/process/group-record.js';
import { type ProcessRequest, runProcess, startProcess } from '../../src/process/run-process.js';
import { isAlive, pollUntil, waitForDeath } from '../helpers/processes.js';

const dirs: string[] = [];
const spawned: number[] = [];
afterEach(() => {
  for (const pid of spawned.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-run-process-'));
  dirs.push(dir);
  return dir;
}

const sh = (script: string, overrides: Partial<ProcessRequest> = {}): ProcessRequest => ({
  file: '/bin/sh',
  args: ['-c', script],
  cwd: tempDir(),
  timeoutMs: 60_000,
  killGraceMs: 300,
  capture: true,
  ...overrides,
});

/** The pid a script wrote to `path`, once the whole line is there. */
async function pidIn(path: string): Promise<number> {
  const pid = await pollUntil(
    () => {
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      return /^\d+\n$/.test(text) ? Number(text) : undefined;
    },
    `a pid in ${path}`,
    30_000,
  );
  spawned.push(pid);
  return pid;
}

describe('runProcess: results as data', () => {
  it('returns the exit code and the output, the prompt given on stdin', async () => {
    const result = await runProcess(
      sh('read line; echo "got $line"; echo oops >&2; exit 3', { input: 'hi\n' }),
    );
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'got hi\n',
      stderr: 'oops\n',
      leftRunning: false,
      outputHeld: false,
      treeGone: true,
    });
    expect(result.stopped).toBeUndefined();
  });

  it('runs the child as the leader of its own process group, with a marker of its own', async () => {
    const result = await runProcess(sh('ps -o pgid= -p $$; echo "$SAMOCODE_RUN_MARKER"'));
    const [pgid, marker] = result.stdout.trim().split('\n');
    expect(Number(pgid)).not.toBe(Number(process.pid));
    expect(marker).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{16}$`));
  });

  it('says which is gone when a start fails: the program, or the working folder', async () => {
    const dir = tempDir();
    const program = await runProcess(sh('', { file: join(dir, 'nope'), args: [] }));
    expect(program.startError).toMatchObject({ code: 'ENOENT', missing: 'program', file: join(dir, 'nope') });
    const folder = await runProcess(sh('true', { cwd: join(dir, 'gone') }));
    expect(folder.startError).toMatchObject({ code: 'ENOENT', missing: 'cwd', cwd: join(dir, 'gone') });
    expect(folder.startError?.message).toBe(`the folder ${join(dir, 'gone')} does not exist (ENOENT)`);
    expect(folder.exitCode).toBeNull();
  });

  it('reports an argument node refuses as a start error, not a throw', async () => {
    const result = await runProcess(sh('true', { args: ['-c', 'a\0b'] }));
    expect(result.startError?.message).toContain('null bytes');
  });

  it('pauses the output while the consumer waits, and loses nothing', async () => {
    const seen: Buffer[] = [];
    let waits = 0;
    const result = await runProcess(
      sh('seq 1 200000', {
        capture: false,
        onOutput: (_stream, chunk) => {
          seen.push(chunk);
          waits += 1;
          return new Promise((resolve) => setImmediate(resolve));
        },
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(waits).toBeGreaterThan(1);
    const lines = Buffer.concat(seen).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(200_000);
    expect(lines.at(-1)).toBe('200000');
  });
});

describe('runProcess: the group ends with the child', () => {
  it('on its time limit ends the whole group, a grandchild deaf to SIGTERM too', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'grandchild.pid');
    const result = await runProcess(
      sh(`sh -c 'trap "" TERM; echo $$ > ${pidFile}; while :; do sleep 1; done' & wait`, {
        cwd: dir,
        timeoutMs: 1_000,
      }),
    );
    expect(result).toMatchObject({ stopped: 'timeout', exitCode: null, signal: 'SIGTERM', treeGone: true });
    expect(await waitForDeath([await pidIn(pidFile)], 10_000)).toEqual([]);
  });

  it('on abort ends the group and says cancelled', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'child.pid');
    const controller = new AbortController();
    const running = runProcess(
      sh(`sleep 300 & echo $! > ${pidFile}; wait`, { cwd: dir, signal: controller.signal }),
    );
    const child = await pidIn(pidFile);
    controller.abort();
    expect(await running).toMatchObject({ stopped: 'cancel', exitCode: null });
    expect(await waitForDeath([child], 10_000)).toEqual([]);
  });

  it('stops early when the caller asks', async () => {
    const running = startProcess(sh('echo ready; sleep 300'));
    await pollUntil(() => running.pid, 'the pid');
    running.stop('early');
    expect(await running.result).toMatchObject({ stopped: 'early', stdout: 'ready\n' });
  });

  it('ends the wait when the child exits although a child of its own holds the output, and stops it', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'child.pid');
    const result = await runProcess(sh(`sleep 300 & echo $! > ${pidFile}; echo done`, { cwd: dir }));
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: 'done\n',
      leftRunning: true,
      outputHeld: true,
      treeGone: true,
    });
    expect(result.stopped).toBeUndefined();
    expect(await waitForDeath([await pidIn(pidFile)], 10_000)).toEqual([]);
  });

  it('finds and stops a setsid daemon the child left behind', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'daemon.pid');
    const result = await runProcess(
      sh(
        `setsid sh -c 'trap "" TERM HUP; echo $$ > ${pidFile}.tmp; mv ${pidFile}.tmp ${pidFile}; exec sleep 300' </dev/null >/dev/null 2>&1 & while [ ! -s ${pidFile} ]; do sleep 0.05; done`,
        { cwd: dir },
      ),
    );
    expect(result).toMatchObject({ exitCode: 0, leftRunning: true, outputHeld: false, treeGone: true });
    expect(await waitForDeath([await pidIn(pidFile)], 10_000)).toEqual([]);
  });

  it('records the live group while it runs and empties the record once the tree is dead', async () => {
    const dir = tempDir();
    const groupFile = join(dir, '_provider.pid');
    const running = startProcess(sh('sleep 300', { cwd: dir, groupFile }));
    const pid = await pollUntil(() => running.pid, 'the pid');
    expect(readGroupRecord(groupFile)).toMatchObject({ pgid: pid, marker: expect.stringMatching(/^\d+-/) });
    running.stop('cancel');
    await running.result;
    expect(readFileSync(groupFile, 'utf8')).toBe('');
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const dir = tempDir();
    const result = await runProcess(sh(`touch ${join(dir, 'ran')}`, { cwd: dir, signal: controller.signal }));
    expect(result).toMatchObject({ stopped: 'cancel', exitCode: null });
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });
});
