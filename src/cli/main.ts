/** The one place errors become exit codes. */
import { CommanderError } from 'commander';
import { isSamocodeError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { exitAfterLogs } from '../log/open-logs.js';
import { cleanStored } from '../text/clean-text.js';
import { packageVersion } from '../version.js';
import { buildProgram } from './program.js';

/** The text of an error nobody expected, with what a report needs (no secret, no terminal control). */
function renderInternalError(error: unknown): string {
  const what = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error, please report it with this text (samocode ${packageVersion()}, node ${process.version}):\n${cleanStored(what)}`;
}

/**
 * A throw outside every await (in a listener or a timer) ends like any internal error, after the
 * open logs have the error and every line before it on disk.
 */
function exitOnUncaughtErrors(): void {
  const onFatal = (error: unknown): void => {
    const text = renderInternalError(error);
    process.stderr.write(`samocode: ${text}\n`);
    exitAfterLogs(EXIT.internalError, text);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
}

export async function main(argv: readonly string[]): Promise<number> {
  exitOnUncaughtErrors();
  let exitCode: number = EXIT.complete;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.complete : EXIT.usage;
    }
    if (isSamocodeError(error)) {
      // A message may quote bad input (a file's contents, a name): no secret, no terminal control.
      process.stderr.write(`samocode: ${cleanStored(error.message)}\n`);
      return error.exitCode;
    }
    process.stderr.write(`samocode: ${renderInternalError(error)}\n`);
    return EXIT.internalError;
  }
}
