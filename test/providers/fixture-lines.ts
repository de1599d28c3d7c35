/** Reads a golden provider fixture (captured real CLI output) as lines, the way the spawner feeds them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessEnd } from '../../src/providers/process-end.js';

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'providers');

export function readFixtureLines(name: string): string[] {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8').split('\n');
}

export function endWith(overrides: Partial<ProcessEnd> = {}): ProcessEnd {
  return {
    exitCode: 0,
    signal: null,
    timedOut: false,
    cancelled: false,
    killedEarly: false,
    durationMs: 1000,
    stdoutTail: '',
    stderrTail: '',
    ...overrides,
  };
}
