/** The files of a session folder, named once. Pure. */
import { join } from 'node:path';

/** Every file and folder samocode or the agent keeps in a session folder. */
export const SESSION_FILES = {
  overview: '_overview.md',
  signal: '_signal.json',
  history: '_signal_history.jsonl',
  state: '_state.json',
  lock: '_run.lock',
  qa: '_qa.md',
  providerGroup: '_provider.pid',
  logs: '_logs',
  sessionLog: 'session.log',
  /** The worst-case bound `run` computed at its start. */
  plan: '_plan.json',
  /** What the session runs with, where each value came from, and every change (`src/config/merge-settings.ts`). */
  settings: '_settings.json',
} as const;

export type SessionPaths = { readonly dir: string } & {
  readonly [K in keyof typeof SESSION_FILES]: string;
};

export function buildSessionPaths(dir: string): SessionPaths {
  return {
    dir,
    overview: join(dir, SESSION_FILES.overview),
    signal: join(dir, SESSION_FILES.signal),
    history: join(dir, SESSION_FILES.history),
    state: join(dir, SESSION_FILES.state),
    lock: join(dir, SESSION_FILES.lock),
    qa: join(dir, SESSION_FILES.qa),
    providerGroup: join(dir, SESSION_FILES.providerGroup),
    logs: join(dir, SESSION_FILES.logs),
    sessionLog: join(dir, SESSION_FILES.sessionLog),
    plan: join(dir, SESSION_FILES.plan),
    settings: join(dir, SESSION_FILES.settings),
  };
}
