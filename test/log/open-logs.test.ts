/**
 * `exitAfterLogs` in a real child process: a burst logged in the same tick as the exit is on disk
 * in full, in the daily log and in `session.log`, ending with the last words.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'log-burst-then-exit.ts');
const LINES = 5_000;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('exitAfterLogs', () => {
  it('exits with the code only once every line logged before it is in both files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'samocode-exit-logs-'));
    dirs.push(root);
    const logDir = join(root, 'logs');
    const result = await execa('node', ['--import', 'tsx', FIXTURE, logDir, root, String(LINES)], {
      reject: false,
    });
    expect(result.exitCode).toBe(3);
    const expected = [...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`), 'the last words'];
    const daily = readdirSync(logDir)
      .filter((name) => name.startsWith('samocode-'))
      .flatMap((name) => readFileSync(join(logDir, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => String(JSON.parse(line).message));
    expect(daily).toEqual(expected);
    const session = readFileSync(join(root, 'session.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/^\S+ \w+ /, '').replace(/ \{.*\}$/, ''));
    expect(session).toEqual(expected);
  });
});
