import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { SamocodeError } from '../../src/errors.js';
import { acquireSessionLock, readLockStatus } from '../../src/session/lock.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('session lock', () => {
  it('a second holder gets session.locked with exit 3 naming the pid; release frees it', () => {
    const path = join(makeTempTree(), '_run.lock');
    const lock = acquireSessionLock(path);
    expect(readLockStatus(path)).toMatchObject({
      isLive: true,
      holder: { pid: process.pid, host: hostname() },
    });
    let caught: unknown;
    try {
      acquireSessionLock(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamocodeError);
    expect((caught as SamocodeError).code).toBe('session.locked');
    expect((caught as SamocodeError).exitCode).toBe(3);
    expect((caught as SamocodeError).message).toContain(`pid ${process.pid}`);
    lock.release();
    expect(existsSync(path)).toBe(false);
    acquireSessionLock(path).release();
  });

  it('takes over a lock whose process is dead, and says so', async () => {
    const path = join(makeTempTree(), '_run.lock');
    const dead = await execa('node', ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout);
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    expect(readLockStatus(path).isLive).toBe(false);
    const lock = acquireSessionLock(path);
    expect(lock.takenOver).toEqual({ holder: expect.objectContaining({ pid }) });
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over an unreadable lock file and says what it held, not a pid 0', () => {
    const path = join(makeTempTree(), '_run.lock');
    writeFileSync(path, 'garbage');
    const lock = acquireSessionLock(path);
    expect(lock.takenOver).toEqual({
      unreadable: '_run.lock held 7 byte(s) that are not a lock record samocode wrote; replaced it',
    });
    lock.release();
  });

  it('takes over a FIFO at the lock path without blocking, and reads it as no holder', () => {
    const path = join(makeTempTree(), '_run.lock');
    execFileSync('mkfifo', [path]);
    expect(readLockStatus(path)).toEqual({
      isLive: false,
      problem:
        '_run.lock is a FIFO (named pipe), not a regular file; samocode reads and writes only regular files there',
    });
    const lock = acquireSessionLock(path);
    expect(lock.takenOver).toEqual({
      unreadable: '_run.lock was a FIFO (named pipe), not a lock samocode wrote; replaced it',
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  // /sys refuses new files even to root, which chmod cannot arrange when tests run as root.
  it('refuses an unwritable session folder with a usage error naming the folder, not a crash', () => {
    let caught: unknown;
    try {
      acquireSessionLock('/sys/_run.lock');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamocodeError);
    expect(caught).toMatchObject({ code: 'session.unwritable', exitCode: 2 });
    expect((caught as SamocodeError).message).toContain('cannot write in the session folder /sys (EACCES)');
  });
});
