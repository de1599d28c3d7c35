import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearGroupRecord,
  readGroupRecord,
  readProcessStart,
  removeEmptyGroupRecord,
  writeGroupRecord,
} from '../../src/process/group-record.js';
import { reapRecordedGroup } from '../../src/process/process-group.js';
import { isAlive, listGroupMembers, pollUntil, waitForDeath } from '../helpers/processes.js';

const dirs: string[] = [];
const groups: number[] = [];
afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A detached group like a provider's: a leader and a grandchild that ignores SIGTERM. */
async function startOrphanGroup(): Promise<{ pgid: number; members: number[] }> {
  const child = spawn('sh', ['-c', "trap '' TERM; sleep 300 & trap '' TERM; wait"], {
    detached: true,
    stdio: 'ignore',
  });
  const pgid = child.pid ?? 0;
  child.unref();
  groups.push(pgid);
  const members = await pollUntil(() => {
    const found = listGroupMembers(pgid);
    return found.length >= 2 ? found : undefined;
  }, 'the group to have two members');
  return { pgid, members };
}

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-group-'));
  dirs.push(dir);
  return join(dir, '_provider.pid');
}

describe('the provider group record', () => {
  it('lets a later run kill the whole group a SIGKILLed samocode left behind, TERM-ignoring members too', async () => {
    const { pgid, members } = await startOrphanGroup();
    const file = tempFile();
    writeGroupRecord(file, pgid);
    expect(readGroupRecord(file)).toEqual({ pgid, leaderStart: readProcessStart(pgid) });
    expect(await reapRecordedGroup(file, 200)).toBe(pgid);
    expect(await waitForDeath(members, 5_000)).toEqual([]);
    expect(() => readFileSync(file)).toThrow();
  });

  it('leaves a process alone when the recorded pid now belongs to another process', async () => {
    const { pgid, members } = await startOrphanGroup();
    const file = tempFile();
    writeGroupRecord(file, pgid);
    const record = readGroupRecord(file);
    // A different start time for the same pid: the pid was reused by another process.
    writeFileSync(file, JSON.stringify({ pgid, leaderStart: `${record?.leaderStart ?? '0'}1` }));
    expect(await reapRecordedGroup(file, 200)).toBeUndefined();
    expect(members.every(isAlive)).toBe(true);
  });

  it('does nothing without a record', async () => {
    expect(await reapRecordedGroup(tempFile(), 200)).toBeUndefined();
  });
});

describe('the record between attempts', () => {
  it('is emptied, not removed, so the next attempt writes into the same file', () => {
    const file = tempFile();
    writeGroupRecord(file, process.pid, 'between-attempts-1');
    const inode = statSync(file).ino;
    clearGroupRecord(file);
    expect(readGroupRecord(file)).toBeUndefined();
    writeGroupRecord(file, process.pid, 'between-attempts-2');
    expect(statSync(file).ino).toBe(inode);
    expect(readGroupRecord(file)).toMatchObject({ pgid: process.pid, marker: 'between-attempts-2' });
  });

  it('is removed at the end of a run only when empty: a record that names a group stays', () => {
    const file = tempFile();
    writeGroupRecord(file, process.pid, 'end-of-run-1');
    removeEmptyGroupRecord(file);
    expect(readGroupRecord(file)).toMatchObject({ marker: 'end-of-run-1' });
    clearGroupRecord(file);
    removeEmptyGroupRecord(file);
    expect(existsSync(file)).toBe(false);
    // Neither call minds a missing file.
    clearGroupRecord(file);
    removeEmptyGroupRecord(file);
    expect(existsSync(file)).toBe(false);
  });
});
