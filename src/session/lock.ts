/**
 * One `run` per session. The lock file is created whole and atomically: the holder (pid, host,
 * start time, a random token) is written to a temp file first, then hard-linked to `_run.lock`,
 * which fails if the lock exists. A lock of a dead holder is removed only under a second linked
 * file, `_run.lock.takeover`, and only if it still holds what was read, so a takeover never
 * deletes the lock a competitor has just taken.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as z from 'zod';
import { SamocodeError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { isProcessAlive } from './process-alive.js';
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
}

const codeOf = (error: unknown): unknown =>
  error instanceof Error && 'code' in error ? error.code : undefined;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function toStatus(text: string | undefined): LockStatus {
  if (text === undefined) return { isLive: false };
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

/** Reads the lock without taking it. */
export function readLockStatus(path: string): LockStatus {
  try {
    return toStatus(readText(path));
  } catch {
    return { isLive: false };
  }
}

export interface SessionLock {
  readonly path: string;
  /** Set when a dead holder's lock was taken over. */
  readonly takenOverFrom?: LockHolder;
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
    const other = readText(takeover);
    // A takeover file of a dead process (killed within the few syscalls it is held) is stale too.
    if (other !== undefined && !toStatus(other).isLive && readText(takeover) === other)
      rmSync(takeover, { force: true });
    return false;
  }
  try {
    const current = readText(path);
    if (current === seen) rmSync(path, { force: true });
    return current === seen || current === undefined;
  } finally {
    rmSync(takeover, { force: true });
  }
}

const MAX_TRIES = 200;

/**
 * Takes the session lock or throws `session.locked` (exit 3) naming the live holder.
 * A lock whose holder is dead (or unreadable) is taken over; `takenOverFrom` says so.
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
    let takenOverFrom: LockHolder | undefined;
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      if (tryLink(temp, path)) return heldLock(path, holder, takenOverFrom);
      const seen = readText(path);
      if (seen === undefined) continue;
      const status = toStatus(seen);
      if (status.holder && status.isLive) {
        throw new SamocodeError(
          'session.locked',
          `session is locked by ${status.holder.command ?? 'a run'} with pid ${status.holder.pid} on ${status.holder.host} since ${status.holder.startedAt}; wait for it to finish or stop it (kill ${status.holder.pid})`,
          { exitCode: EXIT.locked },
        );
      }
      if (removeStaleLock(path, seen, temp))
        takenOverFrom = status.holder ?? { pid: 0, host: 'unknown', startedAt: 'unknown' };
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

function heldLock(path: string, holder: LockHolder, takenOverFrom: LockHolder | undefined): SessionLock {
  let released = false;
  return {
    path,
    ...(takenOverFrom ? { takenOverFrom } : {}),
    release: () => {
      if (released) return;
      released = true;
      const current = readLockStatus(path).holder;
      if (current?.pid === holder.pid && current.token === holder.token) rmSync(path, { force: true });
    },
  };
}
