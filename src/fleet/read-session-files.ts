/**
 * Reads one session folder for `ls` and the dashboard: never takes the lock, never throws, never
 * blocks (a FIFO or a symlink in place of a file is a problem, not a hang) and reads no more than
 * a cap of each file (the history from its end).
 */
import { lstatSync } from 'node:fs';
import { basename } from 'node:path';
import type { RecordedSettings } from '../config/recorded-settings.js';
import { isSamocodeError } from '../errors.js';
import { type HistoryRow, readHistory } from '../session/history.js';
import { type LockStatus, readLockStatus } from '../session/lock.js';
import { buildSessionPaths } from '../session/paths.js';
import { readSessionSettings } from '../session/session-settings.js';
import { readSessionState, type SessionState } from '../session/snapshot-store.js';

export interface SessionFiles {
  readonly folder: string;
  readonly dir: string;
  readonly state: SessionState | undefined;
  /** Why `_state.json` could not be read, when it could not. */
  readonly stateProblem?: string;
  readonly rows: readonly HistoryRow[];
  readonly corruptHistoryLines: number;
  /** Why `_signal_history.jsonl` could not be read (whole), when it could not. */
  readonly historyProblem?: string;
  readonly lock: LockStatus;
  /** `_settings.json`: what the session keeps (undefined before its first run records it). */
  readonly settings?: RecordedSettings;
  /** Why `_settings.json` could not be read, when it could not. */
  readonly settingsProblem?: string;
  /** Latest modification time of the folder and its samocode files (epoch ms). */
  readonly changedAtMs: number;
}

/** The entry's own time (lstat: a symlink's target is not looked at). */
function mtimeOf(path: string): number {
  try {
    return lstatSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readStateSafely(path: string): { state?: SessionState; problem?: string } {
  try {
    const state = readSessionState(path);
    return state ? { state } : {};
  } catch (error) {
    if (isSamocodeError(error)) return { problem: error.message };
    return { problem: `cannot read ${path}: ${String(error)}` };
  }
}

function readSettingsSafely(path: string): { settings?: RecordedSettings; settingsProblem?: string } {
  try {
    const settings = readSessionSettings(path);
    return settings ? { settings } : {};
  } catch (error) {
    return { settingsProblem: error instanceof Error ? error.message : String(error) };
  }
}

function readHistorySafely(path: string): { rows: readonly HistoryRow[]; skipped: number; problem?: string } {
  try {
    return readHistory(path);
  } catch (error) {
    return {
      rows: [],
      skipped: 0,
      problem: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export function readSessionFiles(dir: string): SessionFiles {
  const paths = buildSessionPaths(dir);
  const { state, problem } = readStateSafely(paths.state);
  const history = readHistorySafely(paths.history);
  return {
    folder: basename(dir),
    dir,
    state,
    ...(problem ? { stateProblem: problem } : {}),
    rows: history.rows,
    corruptHistoryLines: history.skipped,
    ...(history.problem ? { historyProblem: history.problem } : {}),
    lock: readLockStatus(paths.lock),
    ...readSettingsSafely(paths.settings),
    changedAtMs: Math.max(mtimeOf(dir), mtimeOf(paths.state), mtimeOf(paths.history), mtimeOf(paths.lock)),
  };
}
