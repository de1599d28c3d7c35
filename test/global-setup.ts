/**
 * Builds the package once per vitest run, so CLI tests start the bin users run instead of paying a
 * `tsx` compile on every start. Always builds: a dist/ left from older sources would test old code.
 * A runner that starts many vitest runs at once (the mutation sweep) builds once itself and sets
 * `SAMOCODE_TEST_PREBUILT=1`: parallel builds would delete dist/ under each other's tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PREBUILT_ENV, ROOT, SAMOCODE_BIN } from './helpers/samocode-bin.js';

export default function setup(): void {
  if (process.env[PREBUILT_ENV] === '1') {
    if (!existsSync(SAMOCODE_BIN)) throw new Error(`${PREBUILT_ENV}=1 but ${SAMOCODE_BIN} is missing`);
    return;
  }
  const started = performance.now();
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(SAMOCODE_BIN)) throw new Error(`the build did not produce ${SAMOCODE_BIN}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`global setup: built ${SAMOCODE_BIN} in ${seconds} s\n`);
}
