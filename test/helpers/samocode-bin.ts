/**
 * The samocode bin as users run it: the file package.json's `bin.samocode` names, but from the test
 * suite's own build (`dist-test/`, built once per vitest run by test/global-setup.ts), so a user's
 * `npm run build` and a test run never replace each other's files. Starting it costs no TypeScript
 * compile, unlike `tsx`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Set to 1 by a runner that built the test build itself before starting vitest (see test/global-setup.ts). */
export const PREBUILT_ENV = 'SAMOCODE_TEST_PREBUILT';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The folder at the package root the tests build into (`node scripts/build.mjs dist-test`). */
export const TEST_BUILD_DIR = 'dist-test';

function binOf(manifestPath: string): string {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: { samocode?: unknown } };
  const bin = manifest.bin?.samocode;
  if (typeof bin !== 'string' || !bin.startsWith('dist/'))
    throw new Error(`${manifestPath} names no bin.samocode under dist/`);
  return bin;
}

/** Absolute path of the built bin, in the test build. */
export const SAMOCODE_BIN = join(
  ROOT,
  TEST_BUILD_DIR,
  binOf(join(ROOT, 'package.json')).slice('dist/'.length),
);
