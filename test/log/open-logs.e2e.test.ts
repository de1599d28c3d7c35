/**
 * No log line is lost on the way out: real `samocode run` processes (the built bin, the fake
 * claude) ended by a fatal error outside every await, by a second SIGTERM, and by one SIGTERM.
 * Each time, the lines logged just before the exit are in `session.log` and in the daily JSON log.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { FACT_DEADLINE_MS } from '../faults/harness.js';
import { pollUntil, waitForDeath } from '../helpers/processes.js';
import { BIN, makeCliProject, ROOT, readInvocations } from '../helpers/samocode-cli.js';

const PRELOAD = join(import.meta.dirname, 'fixtures', 'throw-on-sigusr2.mjs');

type Cli = Awaited<ReturnType<typeof makeCliProject>>;

const runs: ResultPromise[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    run.kill('SIGKILL');
    await run.catch(() => undefined);
  }
});

function startRun(cli: Cli, nodeFlags: readonly string[] = []): ResultPromise {
  const run = execa(
    'node',
    [...nodeFlags, BIN, 'run', '--config', cli.project.configPath, '--session', 'flush'],
    {
      cwd: ROOT,
      // A long grace: the provider that ignores SIGTERM keeps the first stop going.
      env: { ...cli.env, SAMOCODE_KILL_GRACE: '120', FAKE_CLAUDE_STDIN_WAIT_MS: String(FACT_DEADLINE_MS) },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    },
  );
  runs.push(run);
  return run;
}

const sessionLogOf = (cli: Cli): string => {
  const [dir] = cli.sessionDirs();
  const path = dir === undefined ? '' : join(dir, 'session.log');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

/** The messages of `session.log`, one per line that starts with its ISO time. */
const sessionMessages = (cli: Cli): string[] =>
  sessionLogOf(cli)
    .split(/\n(?=\d{4}-\d\d-\d\dT)/)
    .filter(Boolean)
    .map((line) =>
      line
        .replace(/^\S+ \w+ /, '')
        .replace(/ \{.*\}\n?$/s, '')
        .trimEnd(),
    );

/** The messages of every daily JSON log, in order. */
function dailyMessages(cli: Cli): string[] {
  const dir = join(cli.project.root, 'logs');
  return readdirSync(dir)
    .filter((name) => name.startsWith('samocode-'))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => {
      const row: unknown = JSON.parse(line);
      return typeof row === 'object' && row !== null && 'message' in row ? String(row.message) : '';
    });
}

/** Waits until `session.log` holds a line containing `text` (or the run ended first). */
async function waitForLogLine(cli: Cli, run: ResultPromise, text: string): Promise<void> {
  let ended = false;
  void run.then(() => {
    ended = true;
  });
  await pollUntil(
    () => {
      if (ended) throw new Error(`samocode ended before logging "${text}"`);
      return sessionLogOf(cli).includes(text) ? true : undefined;
    },
    `"${text}" in session.log`,
    FACT_DEADLINE_MS,
  );
}

async function providerPid(cli: Cli): Promise<number> {
  return pollUntil(() => readInvocations(cli.script)[0]?.pid, 'the provider start', FACT_DEADLINE_MS);
}

describe('the log files hold every line written before samocode exits', () => {
  it('on a fatal error outside every await: exit 1, the error and every line before it in both files', async () => {
    const cli = await makeCliProject([[{ do: 'hang' }]]);
    const run = startRun(cli, ['--import', PRELOAD]);
    const pid = await providerPid(cli);
    await waitForLogLine(cli, run, 'init.running');
    run.kill('SIGUSR2');
    const result = await run;

    expect(result.exitCode).toBe(EXIT.internalError);
    expect(result.stderr).toContain('samocode: internal error, please report it with this text');
    expect(result.stderr).toContain('Error: injected fatal error');
    const session = sessionMessages(cli);
    expect(session.at(-1)).toMatch(
      /^internal error, please report it with this text .*\nError: injected fatal error\n/s,
    );
    expect(dailyMessages(cli)).toEqual(session);
    expect(await waitForDeath([pid], FACT_DEADLINE_MS)).toEqual([]);
  });

  it('on a second SIGTERM: exit 130 at once, the line it logs in both files, the provider killed', async () => {
    const cli = await makeCliProject([[{ do: 'ignoreTerm' }, { do: 'hang' }]]);
    const run = startRun(cli);
    const pid = await providerPid(cli);
    await waitForLogLine(cli, run, 'init.running');
    run.kill('SIGTERM');
    await waitForLogLine(cli, run, 'SIGTERM: stopping the provider and saving the state');
    run.kill('SIGTERM');
    const result = await run;

    expect(result.exitCode).toBe(EXIT.interrupted);
    const session = sessionMessages(cli);
    expect(session.slice(-2)).toEqual([
      'SIGTERM: stopping the provider and saving the state; send it again to exit at once',
      "SIGTERM again: exiting now (the provider's process group is killed)",
    ]);
    expect(dailyMessages(cli)).toEqual(session);
    expect(await waitForDeath([pid], FACT_DEADLINE_MS)).toEqual([]);
  });

  it('on one SIGTERM: the run stops cleanly with 130 and its end line is the last of both files', async () => {
    const cli = await makeCliProject([[{ do: 'hang' }]]);
    const run = startRun(cli);
    await providerPid(cli);
    await waitForLogLine(cli, run, 'init.running');
    run.kill('SIGTERM');
    const result = await run;

    expect(result.exitCode).toBe(EXIT.interrupted);
    const session = sessionMessages(cli);
    expect(session.at(-1)).toMatch(/^interrupted during iteration 1 in init\n {2}next: run it again/);
    expect(dailyMessages(cli)).toEqual(session);
  });
});
