/** `_settings.json`: read with zod (a damaged file is an error that says what to do), written atomically. */
import { dirname } from 'node:path';
import { type RecordedSettings, RecordedSettingsSchema } from '../config/recorded-settings.js';
import { SamocodeError } from '../errors.js';
import { cleanDeep } from '../text/clean-text.js';
import { writeFileAtomic } from './atomic-write.js';
import { readSessionFile } from './read-session-file.js';
import { explainWriteFailure } from './write-failure.js';

/** Far above any record samocode writes (a few KB, growing by a line per change). */
const MAX_SETTINGS_BYTES = 1_000_000;

/** The recorded settings, or undefined when the session has none yet; damaged → `session.settings`. */
export function readSessionSettings(path: string): RecordedSettings | undefined {
  const fix = `restore it, or move it aside (mv ${path} ${path}.bad) and the next run records the current settings`;
  let read: ReturnType<typeof readSessionFile>;
  try {
    // Never follows a link or blocks on a FIFO, and a record is never megabytes: `ls` reads every session's.
    read = readSessionFile(path, MAX_SETTINGS_BYTES);
  } catch (error) {
    throw new SamocodeError(
      'session.settings',
      `cannot read ${path}: ${String(error)}; check its permissions`,
      {
        cause: error,
      },
    );
  }
  if (read === undefined) return undefined;
  if ('problem' in read) throw new SamocodeError('session.settings', `${path} ${read.problem}; ${fix}`);
  const { text } = read;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SamocodeError('session.settings', `${path} is not valid JSON (${String(error)}); ${fix}`, {
      cause: error,
    });
  }
  const parsed = RecordedSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`);
    throw new SamocodeError(
      'session.settings',
      `${path} is not a samocode settings file (${problems.join('; ')}); ${fix}`,
    );
  }
  return parsed.data;
}

/** Writes the record atomically; the values were masked by the merge, the token shapes are scrubbed again here. */
export function writeSessionSettings(path: string, settings: RecordedSettings): void {
  try {
    writeFileAtomic(path, `${JSON.stringify(cleanDeep(settings), null, 1)}\n`);
  } catch (error) {
    throw explainWriteFailure(error, dirname(path), "the session's settings") ?? error;
  }
}
