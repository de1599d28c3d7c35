/**
 * The samocode bin as users run it: the file package.json's `bin.samocode` names, built once per
 * vitest run by test/global-setup.ts. Starting it costs no TypeScript compile, unlike `tsx`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Set to 1 by a runner that built dist/ itself before starting vitest (see test/global-setup.ts). */
export const PREBUILT_ENV = 'SAMOCODE_TEST_PREBUILT';

export const ROOT = resolve(import.meta.dirname, '..', '..');

function binOf(manifestPath: string): string {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: { samocode?: unknown } };
  const bin = manifest.bin?.samocode;
  if (typeof bin !== 'string') throw new Error(`${manifestPath} names no bin.samocode`);
  return bin;
}

/** Absolute path of the built bin. */
export const SAMOCODE_BIN = join(ROOT, binOf(join(ROOT, 'package.json')));
