/** The files of a session folder. Pure. */
import { join } from 'node:path';

export interface SessionPaths {
  readonly dir: string;
  readonly overview: string;
  readonly signal: string;
  readonly history: string;
  readonly state: string;
  readonly lock: string;
  readonly qa: string;
  readonly logs: string;
  readonly sessionLog: string;
  /** The worst-case bound `run` computed at its start. */
  readonly plan: string;
}

export function buildSessionPaths(dir: string): SessionPaths {
  return {
    dir,
    overview: join(dir, '_overview.md'),
    signal: join(dir, '_signal.json'),
    history: join(dir, '_signal_history.jsonl'),
    state: join(dir, '_state.json'),
    lock: join(dir, '_run.lock'),
    qa: join(dir, '_qa.md'),
    logs: join(dir, '_logs'),
    sessionLog: join(dir, 'session.log'),
    plan: join(dir, '_plan.json'),
  };
}
