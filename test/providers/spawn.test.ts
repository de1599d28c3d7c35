import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { buildCodexArgs } from '../../src/providers/codex/argv.js';
import { type SpawnOptions, spawnProvider } from '../../src/providers/spawn.js';
import { listDescendants, listGroupMembers, pollUntil, waitForDeath } from '../helpers/processes.js';
import { createFakeRun, FAKE_BIN, type FakeRun } from './fake-path.js';

const runs: FakeRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) run.remove();
  expect(await waitForDeath(listDescendants(process.pid), 5000)).toEqual([]);
});

function setUp(scenario: unknown): FakeRun {
  const run = createFakeRun(scenario);
  runs.push(run);
  return run;
}

function optionsFor(run: FakeRun, overrides: Partial<SpawnOptions> = {}): SpawnOptions {
  return {
    cliPath: join(FAKE_BIN, 'claude'),
    args: buildClaudeArgs({ model: 'fake-model', maxTurns: 10 }),
    cwd: run.dir,
    env: run.env,
    input: 'do the thing\n',
    logFile: join(run.dir, '_logs', '001-init-a1.jsonl'),
    stderrFile: join(run.dir, '_logs', '001-init-a1.stderr.log'),
    timeoutMs: 60_000,
    killGraceMs: 300,
    ...overrides,
  };
}

function readPid(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  return text === '' ? undefined : Number(text);
}

function fakePidOf(run: FakeRun): number {
  return z.object({ pid: z.number() }).parse(run.readInvocations()[0]).pid;
}

describe('spawnProvider: the process tree', () => {
  it('on timeout kills the whole group, including a grandchild that ignores SIGTERM', async () => {
    const run = setUp({ steps: [{ do: 'grandchild', pidFile: 'grandchild.pid' }, { do: 'hang' }] });
    const end = await spawnProvider(optionsFor(run, { timeoutMs: 3000 }));
    const grandchild = readPid(join(run.dir, 'grandchild.pid'));
    expect(grandchild).toBeTypeOf('number');
    expect(end).toMatchObject({
      timedOut: true,
      cancelled: false,
      killedEarly: false,
      exitCode: null,
      signal: 'SIGTERM',
    });
    expect(await waitForDeath([fakePidOf(run), grandchild ?? -1], 2000)).toEqual([]);
    expect(listGroupMembers(fakePidOf(run))).toEqual([]);
  });

  it('on abort kills the group and reports cancelled', async () => {
    const run = setUp({ steps: [{ do: 'grandchild', pidFile: 'grandchild.pid' }, { do: 'hang' }] });
    const controller = new AbortController();
    const pending = spawnProvider(optionsFor(run, { signal: controller.signal }));
    const grandchild = await pollUntil(() => readPid(join(run.dir, 'grandchild.pid')), 'the grandchild pid');
    controller.abort();
    const end = await pending;
    expect(end).toMatchObject({ cancelled: true, timedOut: false, signal: 'SIGTERM' });
    expect(await waitForDeath([fakePidOf(run), grandchild], 2000)).toEqual([]);
  });

  it('reaps what the CLI left behind after a normal exit, even when it holds stdout open', async () => {
    const run = setUp({
      steps: [
        { do: 'grandchild', pidFile: 'grandchild.pid' },
        { do: 'say', text: 'bye' },
      ],
    });
    const end = await spawnProvider(optionsFor(run));
    expect(end).toMatchObject({
      exitCode: 0,
      signal: null,
      timedOut: false,
      cancelled: false,
      killedEarly: false,
    });
    const grandchild = readPid(join(run.dir, 'grandchild.pid'));
    expect(await waitForDeath([grandchild ?? -1], 2000)).toEqual([]);
  });

  it('stops early when the line hook asks, and counts it as such', async () => {
    const run = setUp({ steps: [{ do: 'outcome', kind: 'auth', retries: 10, retryDelayMs: 5000 }] });
    const seen: string[] = [];
    const end = await spawnProvider(
      optionsFor(run, {
        onLine: (line) => {
          seen.push(line);
          return line.includes('"api_retry"');
        },
      }),
    );
    expect(end).toMatchObject({ killedEarly: true, timedOut: false, signal: 'SIGTERM' });
    expect(seen).toHaveLength(2);
  });

  it('streams stdout to the log file and stderr beside it, and keeps tails for messages', async () => {
    const run = setUp({ steps: [{ do: 'stderr', text: 'a warning' }, { do: 'crash' }] });
    const options = optionsFor(run);
    const end = await spawnProvider(options);
    expect(end.exitCode).toBe(1);
    expect(readFileSync(options.logFile, 'utf8')).toContain(
      'Segmentation fault (core dumped) <<not json>>\n',
    );
    expect(readFileSync(options.stderrFile, 'utf8')).toBe('a warning\nfake claude: crashed on purpose\n');
    expect(end.stderrTail).toBe('a warning\nfake claude: crashed on purpose\n');
    expect(end.stdoutTail.endsWith('Segmentation fault (core dumped) <<not json>>\n')).toBe(true);
  });

  it('creates the stderr log only when the CLI writes to stderr; the stdout log always', async () => {
    const run = setUp({ steps: [] });
    const options = optionsFor(run);
    const end = await spawnProvider(options);
    expect(end.exitCode).toBe(0);
    expect(existsSync(options.logFile)).toBe(true);
    expect(existsSync(options.stderrFile)).toBe(false);
    expect(end.stderrTail).toBe('');
  });

  it('passes the prompt on stdin and closes it (codex would hang otherwise)', async () => {
    const run = setUp({ steps: [] });
    const end = await spawnProvider(
      optionsFor(run, { cliPath: join(FAKE_BIN, 'codex'), args: buildCodexArgs({ model: '' }, '/tmp') }),
    );
    expect(end.exitCode).toBe(0);
    expect(run.readInvocations()).toMatchObject([
      { cli: 'codex', prompt: 'do the thing\n', workDir: '/tmp' },
    ]);
  });

  it('does not start the CLI when the signal is already aborted', async () => {
    const run = setUp({ steps: [] });
    const controller = new AbortController();
    controller.abort();
    const end = await spawnProvider(optionsFor(run, { signal: controller.signal }));
    expect(end).toMatchObject({ cancelled: true, exitCode: null });
    expect(run.readInvocations()).toEqual([]);
  });

  it('reports a CLI that cannot be started as a spawn error, not a throw', async () => {
    const run = setUp({ steps: [] });
    const end = await spawnProvider(optionsFor(run, { cliPath: join(run.dir, 'no-such-cli') }));
    expect(end.exitCode).toBeNull();
    expect(end.startError).toMatchObject({
      code: 'ENOENT',
      missing: 'program',
      file: join(run.dir, 'no-such-cli'),
    });
  });

  it('reports an argument node refuses to pass (a NUL byte) as a spawn error, not a throw', async () => {
    const run = setUp({ steps: [] });
    const end = await spawnProvider(optionsFor(run, { args: ['-p', 'a\0b'] }));
    expect(end.exitCode).toBeNull();
    expect(end.startError?.message).toContain('null bytes');
    expect(run.readInvocations()).toEqual([]);
  });

  it('survives a CLI that exits without reading a large prompt (EPIPE on its stdin)', async () => {
    const run = setUp({ steps: [] });
    const cli = join(run.dir, 'no-reader.sh');
    writeFileSync(cli, '#!/bin/sh\necho gone\nexit 3\n', { mode: 0o755 });
    const end = await spawnProvider(optionsFor(run, { cliPath: cli, input: 'x'.repeat(8 * 1024 * 1024) }));
    expect(end).toMatchObject({ exitCode: 3, stdoutTail: 'gone\n' });
    expect(end.startError).toBeUndefined();
  });
});

describe('spawnProvider: bounded memory', () => {
  it('keeps RSS bounded while 150 MB of stream-json pass through', async () => {
    const bytes = 150 * 1024 * 1024;
    const run = setUp({ steps: [{ do: 'flood', bytes }] });
    const options = optionsFor(run);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    let lines = 0;
    const end = await spawnProvider({
      ...options,
      onLine: () => {
        lines += 1;
        return false;
      },
    });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const deltaMb = (peak - before) / 1024 / 1024;
    console.log(
      `provider output ${bytes / 1024 / 1024} MB, ${lines} lines: peak RSS delta ${deltaMb.toFixed(1)} MB`,
    );
    expect(end.exitCode).toBe(0);
    expect(statSync(options.logFile).size).toBeGreaterThanOrEqual(bytes);
    expect(lines).toBeGreaterThan(150_000);
    expect(deltaMb).toBeLessThan(100);
  }, 120_000);
});
