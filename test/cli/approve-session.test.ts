import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { defaultSettings } from '../../machines/workflow.js';
import { approveSession } from '../../src/cli/commands/approve-session.js';
import type { SamocodeError } from '../../src/errors.js';
import { runSession } from '../../src/runner/run-session.js';
import { buildSessionPaths } from '../../src/session/paths.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { happyPath, scriptedProvider } from '../runner/scripted-provider.js';

afterEach(removeTempTrees);

const settings = { ...defaultSettings(PHASE_REGISTRY), retryDelayMs: 0 };

describe('approveSession', () => {
  it('moves a session parked at plan approval to implementation, and refuses any other state', async () => {
    const dir = join(makeTempTree(), 's');
    const place = {
      sessionName: 's',
      sessionDir: dir,
      workDir: dir,
      mainRepo: dir,
      worktreePath: dir,
      branch: 's',
    };
    const paths = buildSessionPaths(dir);
    expect(() => approveSession(paths, place, settings, () => undefined)).toThrow(/not started/);
    const provider = scriptedProvider(happyPath);
    const run = () =>
      runSession({
        sessionDir: dir,
        place,
        createProvider: provider.create,
        settings,
        provider: 'claude',
        model: 'opus',
        configPath: '/p/.samocode',
        warn: () => undefined,
      });
    expect((await run()).exitCode).toBe(10);
    expect(approveSession(paths, place, settings, () => undefined)).toEqual({
      from: 'planning.awaitingApproval',
      to: 'implementation.running',
      phase: 'implementation',
    });
    expect(readSessionState(paths.state)?.snapshot.value).toEqual({ implementation: 'running' });
    let caught: unknown;
    try {
      approveSession(paths, place, settings, () => undefined);
    } catch (error) {
      caught = error;
    }
    expect((caught as SamocodeError).code).toBe('session.not-awaiting-approval');
    expect((caught as SamocodeError).exitCode).toBe(2);
    expect(provider.started).toHaveLength(4);
    expect((await run()).exitCode).toBe(0);
    expect(provider.started.slice(4).map((input) => input.phase)).toEqual([
      'implementation',
      'testing',
      'done',
    ]);
  });
});
