/**
 * One `run` per session. The lock file is created whole and atomically: the holder (pid, host,
 * start time, a random token) is written to a temp file first, then hard-linked to `_run.lock`,
 * which fails if the lock exists. A lock of a dead holder is removed only under a second linked
 * file, `_run.lock.takeover`, and only if it still holds what was read, so a takeover never
 * deletes the lock a competitor has just taken. The lock is read without blocking or following a
 * symlink: a FIFO or garbage at its path is no holder, and is taken over like a dead one's lock.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as z from 'zod';
import { SamocodeError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { isProcessAlive } from './process-alive.js';
import { readSessionFile, type SessionFileRefusal } from './read-session-file.js';
import { explainWriteFailure } from './write-failure.js';

export const LockHolderSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  command: z.string().optional(),
  /** Tells two holders with the same pid and start time apart. */
  token: z.string().optional(),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

export interface LockStatus {
  readonly holder?: LockHolder;
  /** A process on this host with the holder's pid is alive (or the holder is on another host). */
  readonly isLive: boolean;
  /** What stands at the lock's path when it is not a lock samocode wrote (a FIFO, a symlink, garbage). */
  readonly problem?: string;
}

/** A lock taken over from a dead holder, or from something at the lock's path that was not a lock. */
export type TakenOver = { readonly holder: LockHolder } | { readonly unreadable: string };

const codeOf = (error: unknown): unknown =>
  error instanceof Error && 'code' in error ? error.code : undefined;

/** A lock record is one short JSON line; anything larger is not one. */
const MAX_LOCK_BYTES = 64 * 1024;

type LockRead = { readonly text: string } | SessionFileRefusal;

/** What is at `path`, never blocking; undefined when nothing is. */
function readLockFile(path: string): LockRead | undefined {
  return readSessionFile(path, MAX_LOCK_BYTES);
}

/** Text that tells one read of the lock path from another, for the compare-before-remove of a takeover. */
function toSeen(read: LockRead): string {
  return 'text' in read ? read.text : `\0${read.what}`;
}

function readSeen(path: string): string | undefined {
  const read = readLockFile(path);
  return read === undefined ? undefined : toSeen(read);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toStatus(read: LockRead | undefined): LockStatus {
  if (read === undefined) return { isLive: false };
  if (!('text' in read)) return { isLive: false, problem: `_run.lock ${read.problem}` };
  const holder = parseHolder(read.text);
  if (!holder) return { isLive: false, problem: '_run.lock holds no lock record samocode wrote' };
  const isLive = holder.host !== hostname() || isProcessAlive(holder.pid);
  return { holder, isLive };
}

/** What a takeover replaced: the dead holder it names, or what stood there instead of a lock. */
function toTakenOver(read: LockRead): TakenOver {
  const holder = 'text' in read ? parseHolder(read.text) : undefined;
  if (holder) return { holder };
  return {
    unreadable:
      'text' in read
        ? `_run.lock held ${Buffer.byteLength(read.text)} byte(s) that are not a lock record samocode wrote; replaced it`
        : `_run.lock was ${read.what}, not a lock samocode wrote; replaced it`,
  };
}

/** Reads the lock without taking it. */
export function readLockStatus(path: string): LockStatus {
  try {
    return toStatus(readLockFile(path));
  } catch (error) {
    return {
      isLive: false,
      problem: `cannot read _run.lock: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export interface SessionLock {
  readonly path: string;
  /** Set when a dead holder's lock (or something that was not a lock) was taken over. */
  readonly takenOver?: TakenOver;
  release(): void;
}

/** A full disk or an unwritable folder becomes a clear error; anything else is rethrown. */
function explained(path: string, error: unknown): unknown {
  return explainWriteFailure(error, dirname(path), 'the lock') ?? error;
}

/** Links the fully written `temp` to `path`; false if `path` exists. */
function tryLink(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw explained(path, error);
  }
}

function writeTemp(path: string, text: string): string {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    rmSync(temp, { force: true });
    throw explained(path, error);
  }
  return temp;
}

/**
 * Removes the lock at `path` if it still holds `seen` (a dead holder's lock), under the takeover
 * file. Returns false when another process is taking over right now (the caller tries again).
 */
function removeStaleLock(path: string, seen: string, temp: string): boolean {
  const takeover = `${path}.takeover`;
  if (!tryLink(temp, takeover)) {
    const other = readLockFile(takeover);
    // A takeover file of a dead process (killed within the few syscalls it is held) is stale too.
    if (other !== undefined && !toStatus(other).isLive && readSeen(takeover) === toSeen(other))
      rmSync(takeover, { force: true });
    return false;
  }
  try {
    const current = readSeen(path);
    if (current === seen) rmSync(path, { force: true });
    return current === seen || current === undefined;
  } finally {
    rmSync(takeover, { force: true });
  }
}

const MAX_TRIES = 200;

/**
 * Takes the session lock or throws `session.locked` (exit 3) naming the live holder.
 * A lock whose holder is dead (or unreadable) is taken over; `takenOver` says what it replaced.
 */
export function acquireSessionLock(path: string, command = 'run'): SessionLock {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command,
    token: randomUUID(),
  };
  const temp = writeTemp(path, `${JSON.stringify(holder)}\n`);
  try {
    let takenOver: TakenOver | undefined;
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      if (tryLink(temp, path)) return heldLock(path, holder, takenOver);
      const read = readLockFile(path);
      if (read === undefined) continue;
      const status = toStatus(read);
      if (status.holder && status.isLive) {
        throw new SamocodeError(
          'session.locked',
          `session is locked by ${status.holder.command ?? 'a run'} with pid ${status.holder.pid} on ${status.holder.host} since ${status.holder.startedAt}; wait for it to finish or stop it (kill ${status.holder.pid})`,
          { exitCode: EXIT.locked },
        );
      }
      if (removeStaleLock(path, toSeen(read), temp)) takenOver = toTakenOver(read);
    }
    throw new SamocodeError(
      'session.locked',
      `could not take the session lock ${path}; another run keeps racing for it, try again`,
      { exitCode: EXIT.locked },
    );
  } finally {
    rmSync(temp, { force: true });
  }
}

function heldLock(path: string, holder: LockHolder, takenOver: TakenOver | undefined): SessionLock {
  let released = false;
  return {
    path,
    ...(takenOver ? { takenOver } : {}),
    release: () => {
      if (released) return;
      released = true;
      const current = readLockStatus(path).holder;
      if (current?.pid === holder.pid && current.token === holder.token) rmSync(path, { force: true });
    },
  };
}
