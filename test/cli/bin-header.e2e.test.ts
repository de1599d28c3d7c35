/**
 * The published bin run as a shell runs it (its `#!/bin/sh` line, not `node <bin>`): the sh line
 * hands every argument to node unchanged, on the same pid, and gives `run` alone the small young
 * generation that keeps its peak RSS down.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FACT_DEADLINE_MS } from '../faults/harness.js';
import { pollUntil, waitForDeath } from '../helpers/processes.js';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeCliProject, ROOT, readInvocations } from '../helpers/samocode-cli.js';

const { version } = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The command line of a live process, as the kernel holds it. */
function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

describe('the bin started through its sh line', () => {
  it('answers --version with the package version', async () => {
    const result = await execa(SAMOCODE_BIN, ['--version'], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(version);
  });

  it('passes an argument with spaces, quotes and a $ to commander unchanged', async () => {
    const argument = 'x y $HOME "q" \'s\'';
    const result = await execa(SAMOCODE_BIN, [argument], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`unknown command '${argument}'`);
  });

  it('runs `run` as node with a 1 MB semi-space, on the pid the shell started', async () => {
    const cli = await makeCliProject([[{ do: 'hang' }]]);
    const args = ['run', '--config', cli.project.configPath, '--session', 'header'];
    const run = execa(SAMOCODE_BIN, args, {
      cwd: ROOT,
      env: cli.env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    const pid = run.pid;
    if (pid === undefined) throw new Error('samocode did not start');
    cleanups.push(async () => {
      run.kill('SIGTERM');
      await run;
      await waitForDeath([pid], FACT_DEADLINE_MS);
    });
    let ended: string | undefined;
    void run.then((result) => {
      ended = `samocode exited ${result.exitCode}: ${result.stderr}`;
    });
    // Once the fake provider has started, samocode is node running the bundle.
    await pollUntil(
      () => {
        if (ended !== undefined) throw new Error(ended);
        return readInvocations(cli.script).length > 0 ? true : undefined;
      },
      'the provider start',
      FACT_DEADLINE_MS,
    );
    const argv = commandLine(pid);
    expect(argv?.[1]).toBe('--max-semi-space-size=1');
    expect(argv?.slice(2)).toEqual([SAMOCODE_BIN, ...args]);
  });
});
