import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AnyActorRef, createActor } from 'xstate';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { buildWorkflow } from '../../machines/workflow.js';
import { createProviderActor } from '../../src/providers/actor.js';
import type { AttemptReport } from '../../src/providers/types.js';
import { listDescendants, pollUntil, waitForDeath } from '../helpers/processes.js';
import { createFakeRun, FAKE_BIN, type FakeRun } from './fake-path.js';

const runs: FakeRun[] = [];
const actors: AnyActorRef[] = [];
afterEach(async () => {
  for (const actor of actors.splice(0)) actor.stop();
  expect(await waitForDeath(listDescendants(process.pid), 5000)).toEqual([]);
  for (const run of runs.splice(0)) run.remove();
});

describe('provider actor inside the session machine', () => {
  it('drives init to investigation with the fake claude, one process per iteration', async () => {
    const run = createFakeRun({
      calls: [
        [{ do: 'signal', content: { status: 'continue', phase: 'investigation', summary: 'ready' } }],
        [{ do: 'hang' }],
      ],
    });
    runs.push(run);
    const sessionDir = join(run.dir, 'session');
    mkdirSync(sessionDir);
    const reports: AttemptReport[] = [];
    const provider = createProviderActor({
      settings: {
        name: 'claude',
        cliPath: join(FAKE_BIN, 'claude'),
        model: 'fake-model',
        maxTurns: 10,
        timeoutMs: 30_000,
        killGraceMs: 300,
        env: run.env,
      },
      place: {
        sessionName: 's',
        sessionDir,
        workDir: run.dir,
        mainRepo: run.dir,
        worktreePath: run.dir,
        branch: 'b',
      },
      observer: { onAttemptEnd: (report) => reports.push(report) },
    });
    const machine = buildWorkflow(PHASE_REGISTRY).provide({ actors: { provider } });
    const actor = createActor(machine).start();
    actors.push(actor);
    await pollUntil(
      () => (JSON.stringify(actor.getSnapshot().value) === '{"investigation":"running"}' ? true : undefined),
      'investigation running',
    );
    expect(reports).toMatchObject([{ phase: 'init', outcome: 'success', iteration: 1 }]);
    await pollUntil(() => (run.readInvocations().length === 2 ? true : undefined), 'the second invocation');
    actor.stop();
    await pollUntil(() => (reports.length === 2 ? true : undefined), 'the cancelled attempt report');
    expect(reports[1]).toMatchObject({ phase: 'investigation', outcome: 'cancelled', iteration: 2 });
  });
});
