import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTextCleaner } from '../../src/text/clean-text.js';
import { buildEnvRedactor } from '../../src/text/redact.js';
import { runVerify } from '../../src/verify/run-verify.js';
import { isAlive, pollUntil, waitForDeath } from '../helpers/processes.js';

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

  it('ends when the command exits although a background job holds its output, and says so', async () => {
    const pidFile = join(dir, 'job.pid');
    const result = await run(`sleep 300 & echo $! > ${pidFile}; echo checked`, 600_000);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, tail: 'checked' });
    expect(readFileSync(join(dir, 'verify.log'), 'utf8')).toContain(
      '[exit 0; a process it started still held the output, and was stopped]',
    );
    expect(await waitForDeath([Number(readFileSync(pidFile, 'utf8'))], 10_000)).toEqual([]);
  });

  it('stops a setsid daemon the command starts', async () => {
    const pidFile = join(dir, 'daemon.pid');
    const result = await run(
      `setsid sh -c 'echo $$ > ${pidFile}.tmp; mv ${pidFile}.tmp ${pidFile}; exec sleep 300' </dev/null >/dev/null 2>&1 & while [ ! -s ${pidFile} ]; do sleep 0.05; done`,
    );
    expect(result.exitCode).toBe(0);
    const daemon = await pollUntil(
      () => Number(readFileSync(pidFile, 'utf8')) || undefined,
      'the daemon pid',
    );
    expect(await waitForDeath([daemon], 10_000)).toEqual([]);
  });

  it('says the worktree is gone when it no longer exists', async () => {
    const result = await runVerify({
      command: 'true',
      workDir: join(dir, 'removed-worktree'),
      logFile: join(dir, 'verify.log'),
      timeoutMs: 60_000,
      killGraceMs: 500,
      env: process.env,
    });
    expect(result.exitCode).toBeNull();
    expect(result.tail).toBe(
      `samocode: could not run the verify command: the worktree ${join(dir, 'removed-worktree')} no longer exists`,
    );
    expect(readFileSync(join(dir, 'verify.log'), 'utf8')).toContain('[not started: the folder');
  });

  it('redacts the run’s secret values in the tail with the cleaner it is given', async () => {
    const env = {
      ...process.env,
      SHOP_PASSWORD: 'correct-horse-battery',
      SAMOCODE_REDACT_VARS: 'SHOP_PASSWORD',
    };
    const result = await runVerify({
      command: 'echo "pw $SHOP_PASSWORD"',
      workDir: dir,
      logFile: join(dir, 'verify.log'),
      timeoutMs: 60_000,
      killGraceMs: 500,
      env,
      clean: buildTextCleaner(buildEnvRedactor(env)),
    });
    expect(result.tail).toBe('pw [redacted]');
  });
});
