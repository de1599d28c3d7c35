/** The one place errors become exit codes. */
import { CommanderError } from 'commander';
import { isSamocodeError } from '../errors.js';
import { cleanStored } from '../text/clean-text.js';
import { packageVersion } from '../version.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

export async function main(argv: readonly string[]): Promise<number> {
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
    const version = packageVersion();
    process.stderr.write(
      `samocode: internal error, please report it with this text (samocode ${version}, node ${process.version}):\n${cleanStored(
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      )}\n`,
    );
    return EXIT.internalError;
  }
}
