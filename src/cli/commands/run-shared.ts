/**
 * `samocode run` of a session that lives in a shared store (`SAMOCODE_STORE` is a PostgreSQL URL):
 * the session is found among the store's sessions, held by a lease taken here (exit 3 while a
 * worker or another run holds it), its folder written on this machine from the store, then run as
 * any session is, every transition committed to the store as well.
 */
import { hostname } from 'node:os';
import { checkConfig } from '../../config/load-config.js';
import { checkSessionName } from '../../session/session-name.js';
import { openStore } from '../../store/open-store.js';
import { holdSharedSession } from '../../store/shared-session.js';
import { findStoredSession } from '../../store/stored-session-name.js';
import { type RunOptions, runWithHost } from './run.js';

const warnOnStderr = (message: string): void => {
  process.stderr.write(`samocode: warning: ${message}\n`);
};

/** The exit code of the run, or undefined when the session lives in the session folder (a plain run). */
export async function runShared(options: RunOptions): Promise<number | undefined> {
  // Problems with the name or the configuration (a missing file too) are the plain run's to report, all at once.
  if (checkSessionName(options.session) !== undefined) return undefined;
  let read: ReturnType<typeof checkConfig>;
  try {
    read = checkConfig({ configPath: options.config, requireCli: false, warn: () => undefined });
  } catch {
    return undefined;
  }
  if (!read.ok || read.config.store === '') return undefined;
  const { config } = read;
  // Until the run has its logger, the store's notices (waiting for the server) go to stderr.
  let warn = warnOnStderr;
  const opened = await openStore({
    url: config.store,
    sessionsDir: config.sessions,
    onNotice: (notice) => warn(notice.message),
  });
  try {
    const session = await findStoredSession(opened.store, options.session);
    const held = await holdSharedSession({
      store: opened.store,
      session,
      sessionsDir: config.sessions,
      worker: `run on ${hostname()} (pid ${process.pid})`,
      leaseMs: config.fleet.leaseS * 1000,
      warn: (message) => warn(message),
    });
    try {
      const outcome = await runWithHost(
        { ...options, session },
        {
          held: { ...held, store: opened.store },
          onLogger: (logWarn) => {
            warn = logWarn;
          },
        },
      );
      return outcome.exitCode;
    } finally {
      warn = warnOnStderr;
      await held.release();
    }
  } finally {
    await opened.close();
  }
}
