/**
 * Serialises `git worktree add` per repository across samocode processes: sessions of one
 * repository started together would otherwise race on git's own lock files (`.git/config.lock`
 * when a branch gets an upstream) and fail. The lock lives in the repository's common git dir;
 * a lock left by a dead process is taken over.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { SamocodeError } from '../errors.js';
import { acquireSessionLock, readLockStatus, type SessionLock } from './lock.js';

export const WORKTREE_LOCK_NAME = 'samocode-worktree.lock';
const WAIT_CAP_MS = 500;

export interface RepoLockOptions {
  /** How long to wait for the other holder before giving up (default 120 s). */
  readonly deadlineMs?: number;
}

async function acquireWaiting(path: string, deadlineMs: number): Promise<SessionLock> {
  const until = Date.now() + deadlineMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, WAIT_CAP_MS)) {
    try {
      return acquireSessionLock(path, 'git worktree add');
    } catch (error) {
      if (!(error instanceof SamocodeError) || error.code !== 'session.locked') throw error;
      if (Date.now() >= until) {
        const holder = readLockStatus(path).holder;
        throw new SamocodeError(
          'session.worktree',
          `waited ${Math.round(deadlineMs / 1000)} s for ${path} (held by pid ${holder?.pid ?? '?'} since ${holder?.startedAt ?? '?'}); if no samocode is creating a worktree, remove the file and run again`,
          { cause: error },
        );
      }
    }
    await delay(wait / 2 + Math.random() * (wait / 2));
  }
}

/** Runs `work` holding the repository's worktree lock at `path`. */
export async function withRepoLock<T>(
  path: string,
  work: () => Promise<T>,
  options: RepoLockOptions = {},
): Promise<T> {
  const lock = await acquireWaiting(path, options.deadlineMs ?? 120_000);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
