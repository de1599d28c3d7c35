import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitForDeath } from '../helpers/processes.js';
import { createFakeRun, type FakeRun } from './fake-path.js';

const runs: FakeRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.remove();
});

describe('spawnProvider on our own exit', () => {
  it('kills the provider group when the samocode process exits', async () => {
    const run = createFakeRun({ steps: [{ do: 'grandchild', pidFile: 'gc.pid' }, { do: 'hang' }] });
    runs.push(run);
    const pidFile = join(run.dir, 'gc.pid');
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const script = join(import.meta.dirname, 'exit-cleanup-script.ts');
    const result = await execa(tsx, [script, run.dir, pidFile], {
      env: run.env,
      reject: false,
      timeout: 60_000,
    });
    expect(result.exitCode).toBe(0);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    const fake = z.object({ pid: z.number() }).parse(run.readInvocations()[0]).pid;
    expect(await waitForDeath([fake, grandchild], 5000)).toEqual([]);
  });
});
