import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGroupRecord, writeGroupRecord } from '../../src/process/group-record.js';
import { newProcessMarker, reapRecordedGroup } from '../../src/process/process-group.js';
import { findMarkedProcesses, RUN_MARKER_VARIABLE } from '../../src/process/process-table.js';
import { terminateTree } from '../../src/process/process-tree.js';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { spawnProvider } from '../../src/providers/spawn.js';
import { isAlive, pollUntil, waitForDeath } from '../helpers/processes.js';
import { createFakeRun, FAKE_BIN, type FakeRun } from '../providers/fake-path.js';

const dirs: string[] = [];
const started: number[] = [];
const runs: FakeRun[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const run of runs.splice(0)) run.remove();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-tree-'));
  dirs.push(dir);
  return dir;
}

const readPid = (path: string) =>
  existsSync(path) ? Number(readFileSync(path, 'utf8')) || undefined : undefined;

/**
 * A daemon as an agent would leave one: its own session (`setsid`), deaf to SIGTERM and SIGHUP,
 * with a child that has an empty environment (so only the daemon carries `env`).
 */
async function startDaemon(env: Record<string, string>): Promise<{ daemon: number; child: number }> {
  const dir = tempDir();
  const script = `trap '' TERM HUP; env -i sh -c 'trap "" TERM; echo $$ > ${dir}/child; exec sleep 300' & exec sleep 300`;
  const daemon: ChildProcess = spawn('sh', ['-c', script], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
  daemon.unref();
  const pid = daemon.pid ?? 0;
  started.push(pid);
  const child = await pollUntil(() => readPid(join(dir, 'child')), 'the daemon child pid');
  return { daemon: pid, child };
}

describe('finding a provider tree by its run marker', () => {
  it('finds a marked process outside any group of ours, and nothing for another marker', async () => {
    const { daemon } = await startDaemon({ [RUN_MARKER_VARIABLE]: 'test-marker-aaaa' });
    expect(findMarkedProcesses('test-marker-aaaa').map((info) => info.pid)).toEqual([daemon]);
    expect(findMarkedProcesses('test-marker-aaa')).toEqual([]);
    expect(findMarkedProcesses('test-marker-bbbb')).toEqual([]);
  });

  it('looks only at processes born since a pid', async () => {
    const { daemon } = await startDaemon({ [RUN_MARKER_VARIABLE]: 'test-marker-since' });
    expect(findMarkedProcesses('test-marker-since', daemon).map((info) => info.pid)).toEqual([daemon]);
    expect(findMarkedProcesses('test-marker-since', 1).map((info) => info.pid)).toEqual([daemon]);
    // Born before the range starts: not looked at.
    expect(findMarkedProcesses('test-marker-since', daemon + 1)).toEqual([]);
  });

  it('finds the marker when it is the first variable of the environment', async () => {
    const dir = tempDir();
    const child = spawn('sleep', ['300'], {
      detached: true,
      stdio: 'ignore',
      cwd: dir,
      env: { [RUN_MARKER_VARIABLE]: 'first-marker-1234', PATH: process.env.PATH ?? '' },
    });
    child.unref();
    started.push(child.pid ?? 0);
    await pollUntil(
      () => (findMarkedProcesses('first-marker-1234').length === 1 ? true : undefined),
      'the sleeper',
    );
  });

  it('terminateTree kills a setsid daemon deaf to SIGTERM, and its unmarked child through its group', async () => {
    const { daemon, child } = await startDaemon({ [RUN_MARKER_VARIABLE]: 'test-marker-cccc' });
    expect(await terminateTree({ marker: 'test-marker-cccc' }, 200)).toBe('killed');
    expect(await waitForDeath([daemon, child], 5_000)).toEqual([]);
  });

  it('terminateTree says none when nothing of the tree is alive', async () => {
    expect(await terminateTree({ pgid: 2 ** 22 - 3, marker: 'nobody-has-this' }, 200)).toBe('none');
  });
});

describe('spawnProvider and escaped processes', () => {
  it('gives the CLI the run marker and kills a setsid daemon it left behind', async () => {
    const run = createFakeRun({
      steps: [
        { do: 'daemon', pidFile: 'daemon.pid' },
        { do: 'say', text: 'bye' },
      ],
    });
    runs.push(run);
    const end = await spawnProvider({
      cliPath: join(FAKE_BIN, 'claude'),
      args: buildClaudeArgs({ model: 'fake-model', maxTurns: 10 }),
      cwd: run.dir,
      env: run.env,
      input: 'do the thing\n',
      logFile: join(run.dir, '_logs', 'a.jsonl'),
      stderrFile: join(run.dir, '_logs', 'a.stderr.log'),
      timeoutMs: 60_000,
      killGraceMs: 200,
      groupFile: join(run.dir, '_provider.pid'),
    });
    expect(end.exitCode).toBe(0);
    const daemon = readPid(join(run.dir, 'daemon.pid')) ?? -1;
    started.push(daemon);
    expect(isAlive(daemon)).toBe(false);
    // Emptied for the next attempt to reuse, not removed: an empty record is no record.
    expect(readGroupRecord(join(run.dir, '_provider.pid'))).toBeUndefined();
    expect(readFileSync(join(run.dir, '_provider.pid'), 'utf8')).toBe('');
    expect(newProcessMarker()).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{16}$`));
    expect(newProcessMarker()).not.toBe(newProcessMarker());
  });
});

describe('the pid record is dropped only when the tree is dead', () => {
  it('stays while a reap waits out the grace, so a run killed meanwhile leaves it for the next', async () => {
    const dir = tempDir();
    const terms = join(dir, 'terms');
    const leader = spawn('sh', ['-c', `trap 'echo TERM >> ${terms}' TERM; while :; do sleep 1; done`], {
      detached: true,
      stdio: 'ignore',
    });
    leader.unref();
    const pgid = leader.pid ?? 0;
    started.push(pgid);
    await pollUntil(() => (isAlive(pgid) ? true : undefined), 'the group');
    const file = join(dir, '_provider.pid');
    writeGroupRecord(file, pgid, 'record-marker-1');
    const reaping = reapRecordedGroup(file, 120_000);
    await pollUntil(() => (existsSync(terms) ? true : undefined), 'SIGTERM to the group', 30_000);
    expect(readGroupRecord(file)).toMatchObject({ pgid, marker: 'record-marker-1' });
    process.kill(-pgid, 'SIGKILL');
    expect(await reaping).toBe(pgid);
    expect(existsSync(file)).toBe(false);
  });

  it('reaps a recorded run marker even when the leader is long gone', async () => {
    const { daemon, child } = await startDaemon({ [RUN_MARKER_VARIABLE]: 'record-marker-2' });
    const file = join(tempDir(), '_provider.pid');
    writeGroupRecord(file, 2 ** 22 - 5, 'record-marker-2');
    expect(await reapRecordedGroup(file, 200)).toBe(2 ** 22 - 5);
    expect(await waitForDeath([daemon, child], 5_000)).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});
