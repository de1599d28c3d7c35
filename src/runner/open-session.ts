/** Finds (or names) a session folder from config and `--session`; takes the lock when asked. */
import { mkdirSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { SamocodeError } from '../errors.js';
import { acquireSessionLock, type SessionLock } from '../session/lock.js';
import { removeOrphanTemps } from '../session/orphan-temps.js';
import { buildSessionPaths, type SessionPaths } from '../session/paths.js';
import { readSessionLocation, type SessionLocation } from '../session/resolve-session.js';
import { renderCommand } from '../text/shell-quote.js';

export interface OpenedSession {
  readonly name: string;
  readonly location: SessionLocation;
  readonly paths: SessionPaths;
}

export function locateSession(config: Config, name: string, now: Date = new Date()): OpenedSession {
  const location = readSessionLocation(config.sessions, name, now);
  return { name, location, paths: buildSessionPaths(location.dir) };
}

/** The session for `status`, `approve` and `clean`: one that does not exist yet is a usage error (exit 2). */
export function locateExistingSession(config: Config, name: string): OpenedSession {
  const session = locateSession(config, name);
  if (session.location.isNew) {
    throw new SamocodeError(
      'session.not-found',
      `no session "${name}" in ${config.sessions}; list the sessions with: ${renderCommand(['samocode', 'ls', '--config', config.configPath])}`,
    );
  }
  return session;
}

/** Writes a warning on stderr, for commands that run without the session logger. */
export const warnOnStderr = (message: string): void => {
  process.stderr.write(`samocode: warning: ${message}\n`);
};

/** Creates the folder if new and takes the run lock; a dead holder's lock is taken over with a warning. */
export function lockSession(
  session: OpenedSession,
  command: string,
  warn: (message: string) => void,
): SessionLock {
  mkdirSync(session.location.dir, { recursive: true });
  const lock = acquireSessionLock(session.paths.lock, command);
  const removed = removeOrphanTemps(session.location.dir);
  if (removed.length > 0)
    warn(`removed ${removed.length} temp file(s) left by an interrupted write: ${removed.join(', ')}`);
  const taken = lock.takenOver;
  if (taken !== undefined) {
    warn(
      'holder' in taken
        ? `took over the lock of ${session.location.folder} left by pid ${taken.holder.pid} (${taken.holder.host}, since ${taken.holder.startedAt}), which is no longer running`
        : `took over the lock of ${session.location.folder}: ${taken.unreadable}`,
    );
  }
  return lock;
}
