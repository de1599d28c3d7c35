/**
 * Builds the package once per vitest run, so CLI tests start the bin users run instead of paying a
 * `tsx` compile on every start. Always builds: a dist/ left from older sources would test old code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT, SAMOCODE_BIN } from './helpers/samocode-bin.js';

export default function setup(): void {
  const started = performance.now();
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(SAMOCODE_BIN)) throw new Error(`the build did not produce ${SAMOCODE_BIN}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`global setup: built ${SAMOCODE_BIN} in ${seconds} s\n`);
}
