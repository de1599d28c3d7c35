import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/verify/run-verify.js';
import { isAlive, waitForDeath } from '../helpers/processes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samocode-verify-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (command: string, timeoutMs = 60_000) =>
  runVerify({
    command,
    workDir: dir,
    logFile: join(dir, 'verify.log'),
    timeoutMs,
    killGraceMs: 500,
    env: process.env,
  });

describe('runVerify', () => {
  it('reports exit 0 and streams the output to the log file', async () => {
    const result = await run('echo one; echo two >&2');
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.tail.split('\n').sort()).toEqual(['one', 'two']);
    const log = readFileSync(join(dir, 'verify.log'), 'utf8');
    expect(log).toContain('$ echo one; echo two >&2\n');
    expect(log).toContain('[exit 0]');
  });

  it('reports a failing exit code and keeps only the tail of a long output', async () => {
    const result = await run('seq 1 5000; printf "\\033[2Jboom\\007\\n"; exit 3');
    expect(result.exitCode).toBe(3);
    const lines = result.tail.split('\n');
    expect(lines).toHaveLength(40);
    expect(lines.at(-1)).toBe('\u241b[2Jboom\u2407');
    expect(lines[0]).toBe('4962');
  });

  it('runs in the given directory', async () => {
    const result = await run('pwd');
    expect(result.tail).toBe(dir);
  });

  it('kills the whole group, grandchildren included, on timeout', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const result = await run(
      `sh -c 'trap "" TERM; echo $$ > ${pidFile}; while :; do sleep 1; done' & wait`,
      1_500,
    );
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitForDeath([grandchild], 10_000)).toEqual([]);
    expect(isAlive(grandchild)).toBe(false);
  });

  it('stops on abort without calling it a time-out', async () => {
    const controller = new AbortController();
    const pending = runVerify({
      command: 'sleep 30',
      workDir: dir,
      logFile: join(dir, 'verify.log'),
      timeoutMs: 60_000,
      killGraceMs: 500,
      env: process.env,
      signal: controller.signal,
    });
    controller.abort();
    const result = await pending;
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBeNull();
  });
});
