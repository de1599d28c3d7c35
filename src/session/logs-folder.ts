/** The session's `_logs/` folder, created if missing; anything else in its place is refused with a fix. */
import { mkdirSync, statSync } from 'node:fs';
import { SamocodeError } from '../errors.js';
import { explainWriteFailure } from './write-failure.js';

export function ensureLogsFolder(logs: string): void {
  let isFolder: boolean | undefined;
  try {
    isFolder = statSync(logs).isDirectory();
  } catch {
    isFolder = undefined;
  }
  if (isFolder === false) {
    throw new SamocodeError(
      'session.layout',
      `${logs} is not a folder, but samocode keeps the provider logs there; move it aside (mv ${logs} ${logs}.bad) and run again`,
    );
  }
  try {
    mkdirSync(logs, { recursive: true });
  } catch (error) {
    throw explainWriteFailure(error, logs, 'the logs folder') ?? error;
  }
}
