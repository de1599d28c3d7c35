/** A failed write in the session folder, as an error that names the folder and the fix. Pure. */
import { EXIT } from '../cli/exit-codes.js';
import { SamocodeError } from '../errors.js';

const codeOf = (error: unknown): string =>
  error instanceof Error && 'code' in error ? String(error.code) : '';

/** A `SamocodeError` for a full disk or an unwritable folder; undefined for anything else (a bug). */
export function explainWriteFailure(error: unknown, dir: string, what: string): SamocodeError | undefined {
  const code = codeOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SamocodeError(
      'session.disk-full',
      `no space left to write ${what} in ${dir} (${code}); the state saved before is intact: free some space on that disk (or point SESSIONS at a larger one) and run again to resume`,
      { exitCode: EXIT.usage, cause: error },
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new SamocodeError(
      'session.unwritable',
      `cannot write ${what} in the session folder ${dir} (${code}): samocode keeps its lock, state and history there; make the folder writable (chmod u+w) or choose another SESSIONS directory`,
      { exitCode: EXIT.usage, cause: error },
    );
  }
  return undefined;
}
