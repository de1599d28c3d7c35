/**
 * Builds the package once per vitest run into its own folder (`dist-test/`), so CLI tests start the
 * bin users run without paying a `tsx` compile on every start, and a user's `npm run build` (into
 * `dist/`) never replaces the files of a running test, nor a test build those of a user's session.
 * Always builds: a build left from older sources would test old code. A runner that starts many
 * vitest runs at once (the mutation sweep) builds once itself and sets `SAMOCODE_TEST_PREBUILT=1`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PREBUILT_ENV, ROOT, SAMOCODE_BIN, TEST_BUILD_DIR } from './helpers/samocode-bin.js';

export default function setup(): void {
  if (process.env[PREBUILT_ENV] === '1') {
    if (!existsSync(SAMOCODE_BIN)) throw new Error(`${PREBUILT_ENV}=1 but ${SAMOCODE_BIN} is missing`);
    return;
  }
  const started = performance.now();
  execFileSync(process.execPath, ['scripts/build.mjs', TEST_BUILD_DIR], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(SAMOCODE_BIN)) throw new Error(`the build did not produce ${SAMOCODE_BIN}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`global setup: built ${SAMOCODE_BIN} in ${seconds} s\n`);
}
