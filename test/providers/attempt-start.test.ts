/** The "attempt started" progress is reported even when the CLI never prints a line. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createProviderActor } from '../../src/providers/actor.js';
import type { AttemptReport, Progress } from '../../src/providers/types.js';
import { pollUntil } from '../helpers/processes.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('attempt start', () => {
  it('reports progress once before the end when the CLI exits without output', async () => {
    const root = makeTempTree({ 'session/': '', 'work/': '' });
    mkdirSync(join(root, 'session', '_logs'));
    const progress: Progress[] = [];
    const reports: AttemptReport[] = [];
    const logic = createProviderActor({
      settings: {
        name: 'claude',
        cliPath: '/bin/true',
        model: 'm',
        maxTurns: 1,
        timeoutMs: 30_000,
        killGraceMs: 100,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      },
      place: {
        sessionName: 's',
        sessionDir: join(root, 'session'),
        workDir: join(root, 'work'),
        mainRepo: join(root, 'work'),
        worktreePath: join(root, 'work'),
        branch: 'b',
      },
      observer: { onProgress: (p) => progress.push(p), onAttemptEnd: (r) => reports.push(r) },
      readPromptParts: async () => ({ workflowText: 'W', agentText: 'A' }),
    });
    const actor = createActor(logic, {
      input: {
        phase: 'init',
        iteration: 1,
        attempt: 1,
        reminder: false,
        provider: 'primary',
        model: 'phase',
      },
    });
    actor.start();
    await pollUntil(() => (reports.length > 0 ? true : undefined), 'the attempt end', 20_000);
    actor.stop();
    expect(progress.map((p) => [p.phase, p.iteration, p.attempt])).toEqual([['init', 1, 1]]);
  });
});
