/** One `run` per session: a lock file created with O_EXCL holding pid, host and start time. */
import { closeSync, constants, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SamocodeError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

export const LockHolderSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  command: z.string().optional(),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

export interface LockStatus {
  readonly holder?: LockHolder;
  /** A process on this host with the holder's pid is alive (or the holder is on another host). */
  readonly isLive: boolean;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** Reads the lock without taking it. */
export function readLockStatus(path: string): LockStatus {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { isLive: false };
  }
  let holder: LockHolder | undefined;
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    holder = parsed.success ? parsed.data : undefined;
  } catch {
    holder = undefined;
  }
  if (!holder) return { isLive: false };
  const isLive = holder.host !== hostname() || isProcessAlive(holder.pid);
  return { holder, isLive };
}

export interface SessionLock {
  readonly path: string;
  /** Set when a dead holder's lock was taken over. */
  readonly takenOverFrom?: LockHolder;
  release(): void;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'EEXIST') return false;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new SamocodeError(
        'session.unwritable',
        `cannot write in the session folder ${dirname(path)} (${code}): samocode keeps its lock, state and history there; make the folder writable (chmod u+w) or choose another SESSIONS directory`,
        { exitCode: EXIT.usage, cause: error },
      );
    }
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the session lock or throws `session.locked` (exit 3) naming the live holder.
 * A lock whose holder is dead (or unreadable) is removed and taken over; `takenOverFrom` says so.
 */
export function acquireSessionLock(path: string, command = 'run'): SessionLock {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command,
  };
  let takenOverFrom: LockHolder | undefined;
  for (let tries = 0; tries < 3; tries += 1) {
    if (tryCreate(path, holder)) {
      let released = false;
      return {
        path,
        ...(takenOverFrom ? { takenOverFrom } : {}),
        release: () => {
          if (released) return;
          released = true;
          const current = readLockStatus(path).holder;
          if (current?.pid === holder.pid && current.startedAt === holder.startedAt)
            rmSync(path, { force: true });
        },
      };
    }
    const status = readLockStatus(path);
    if (status.holder && status.isLive) {
      throw new SamocodeError(
        'session.locked',
        `session is locked by ${status.holder.command ?? 'a run'} with pid ${status.holder.pid} on ${status.holder.host} since ${status.holder.startedAt}; wait for it to finish or stop it (kill ${status.holder.pid})`,
        { exitCode: EXIT.locked },
      );
    }
    takenOverFrom = status.holder ?? { pid: 0, host: 'unknown', startedAt: 'unknown' };
    rmSync(path, { force: true });
  }
  throw new SamocodeError(
    'session.locked',
    `could not take the session lock ${path}; another run keeps racing for it`,
    {
      exitCode: EXIT.locked,
    },
  );
}
