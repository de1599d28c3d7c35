#!/usr/bin/env node
// Keep this file tiny: `samocode --version` must not load xstate, execa, winston or got.
import { guardStandardStreams } from './closed-pipe-guard.js';
import { main } from './main.js';

guardStandardStreams();
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`samocode: internal error, please report: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
