/**
 * `samocode doctor` against CLIs whose `--version` misbehaves, through the built bin: a child left
 * holding the output, a probe that never answers, and Ctrl-C while it waits. The CLIs are real
 * shell scripts that write the pid of the child they start.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { pollUntil, waitForDeath } from '../helpers/processes.js';
import { ROOT, SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(() => removeTempTrees());

/** A `claude` whose `--version` runs `body`; `$PIDFILE` names where it writes its child's pid. */
function cliScript(body: string): { cli: string; pidFile: string; home: string } {
  const home = makeTempTree({ 'bin/': '' });
  const cli = join(home, 'bin', 'claude');
  const pidFile = join(home, 'child.pid');
  writeFileSync(cli, `#!/bin/sh\nPIDFILE=${pidFile}\n${body}\n`);
  chmodSync(cli, 0o755);
  return { cli, pidFile, home };
}

function startDoctor(cli: string, home: string) {
  return execa('node', [SAMOCODE_BIN, 'doctor', '--json'], {
    cwd: ROOT,
    env: {
      HOME: home,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      SAMOCODE_LOG_DIR: join(home, 'logs'),
      IS_SANDBOX: '1',
      CLAUDE_PATH: cli,
      ANTHROPIC_API_KEY: 'sk-ant-test-key-000',
    },
    extendEnv: false,
    reject: false,
    // A bound for the test only: a doctor that hangs fails here instead of at vitest's deadline.
    timeout: 150_000,
  });
}

const checkOf = (stdout: unknown, id: string) =>
  (JSON.parse(String(stdout)).checks as Array<{ id: string; status: string; message: string }>).find(
    (entry) => entry.id === id,
  );

/** The child's pid once the script has written the whole line. */
const childPid = (pidFile: string) =>
  pollUntil(
    () => {
      const text = existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : '';
      return /^\d+\n$/.test(text) ? Number(text) : undefined;
    },
    'the probe child pid',
    120_000,
  );

describe('samocode doctor: CLI probes', { timeout: 200_000 }, () => {
  it('reads the version of a CLI that leaves a child holding its output, and stops that child', async () => {
    const { cli, pidFile, home } = cliScript(
      'sleep 300 &\necho $! > "$PIDFILE"\necho "2.1.200 (Claude Code)"',
    );
    const run = await startDoctor(cli, home);
    expect(run.timedOut).toBe(false);
    expect(checkOf(run.stdout, 'provider.cli')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining(`claude 2.1.200 at ${cli}`),
    });
    expect(await waitForDeath([await childPid(pidFile)], 30_000)).toEqual([]);
  });

  it('gives up on a --version that never answers within its timeout, naming the CLI', async () => {
    const { cli, pidFile, home } = cliScript('sleep 300 &\necho $! > "$PIDFILE"\nwait');
    const run = await startDoctor(cli, home);
    expect(run.timedOut).toBe(false);
    const check = checkOf(run.stdout, 'provider.cli');
    expect(check?.status).toBe('warn');
    expect(check?.message).toContain(cli);
    expect(check?.message).toContain('timed out after 5 s');
    expect(await waitForDeath([await childPid(pidFile)], 30_000)).toEqual([]);
  });

  it('Ctrl-C while a probe waits exits 130 and stops the probe', async () => {
    const { cli, pidFile, home } = cliScript('sleep 300 &\necho $! > "$PIDFILE"\nwait');
    const run = startDoctor(cli, home);
    const child = await childPid(pidFile);
    run.kill('SIGINT');
    const end = await run;
    expect(end.exitCode, String(end.stderr)).toBe(EXIT.interrupted);
    expect(String(end.stdout)).not.toContain('timed out');
    expect(await waitForDeath([child], 30_000)).toEqual([]);
  });
});
