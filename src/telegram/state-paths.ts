/**
 * Where the shared Telegram state of one bot lives on this machine:
 * `$XDG_STATE_HOME/samocode/telegram/<sha256(token)[:16]>/` (default `~/.local/state/…`) holds the
 * poller lock, the persisted offset and gate map, and one registration per waiting session. The
 * folder is named by a hash, so the token itself is never written. Pure.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface TelegramStatePaths {
  readonly dir: string;
  readonly lock: string;
  /** The offset and the gate map (`poller-state.json`). */
  readonly state: string;
  /** `waiting/<session hash>.json`, one per waiting session. */
  readonly waiting: string;
}

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** `$XDG_STATE_HOME/samocode`, else `<home>/.local/state/samocode`. */
export function resolveStateRoot(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const state = env.XDG_STATE_HOME;
  return state ? join(state, 'samocode') : join(home, '.local', 'state', 'samocode');
}

export function buildTelegramStatePaths(stateRoot: string, token: string): TelegramStatePaths {
  const dir = join(stateRoot, 'telegram', shortHash(token));
  return {
    dir,
    lock: join(dir, 'poller.lock'),
    state: join(dir, 'poller-state.json'),
    waiting: join(dir, 'waiting'),
  };
}

/** The registration file of a session folder. */
export function buildWaitingPath(paths: TelegramStatePaths, sessionDir: string): string {
  return join(paths.waiting, `${shortHash(resolve(sessionDir))}.json`);
}

/** A short key for one gate of one session folder: what a button's `callback_data` carries. */
export function buildGateKey(sessionDir: string, gateId: string): string {
  return shortHash(`${resolve(sessionDir)}\n${gateId}`);
}
