#!/usr/bin/env node
// Keep this file tiny: `samocode --version` loads only the version reader (not even commander), and
// every command loads its own modules when it runs (xstate, zod, winston and got never at start-up).
import { packageVersion } from '../version.js';
import { guardStandardStreams } from './closed-pipe-guard.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  guardStandardStreams();
  const { main } = await import('./main.js');
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // The one message printed before any logger exists: main itself failed.
      process.stderr.write(`samocode: internal error, please report: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
