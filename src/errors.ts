/**
 * The one base error for expected failures at the edge (bad input, a held lock).
 * `code` is stable and dotted (`config.invalid`, `session.locked`); tests assert it, not prose.
 */
import { EXIT, type ExitCode } from './exit-codes.js';

export class SamocodeError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SamocodeError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.usage;
  }
}

export function isSamocodeError(error: unknown): error is SamocodeError {
  return error instanceof SamocodeError;
}
