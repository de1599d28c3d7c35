/** `_settings.json`: read with zod (a damaged file is an error that says what to do), written atomically. */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type RecordedSettings, RecordedSettingsSchema } from '../config/recorded-settings.js';
import { SamocodeError } from '../errors.js';
import { cleanDeep } from '../text/clean-text.js';
import { writeFileAtomic } from './atomic-write.js';
import { explainWriteFailure } from './write-failure.js';

/** The recorded settings, or undefined when the session has none yet; damaged → `session.settings`. */
export function readSessionSettings(path: string): RecordedSettings | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new SamocodeError(
      'session.settings',
      `cannot read ${path}: ${String(error)}; check its permissions`,
      {
        cause: error,
      },
    );
  }
  const fix = `restore it, or move it aside (mv ${path} ${path}.bad) and the next run records the current settings`;
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
