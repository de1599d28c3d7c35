/**
 * Restoring sessions saved by other versions and under other settings: an `awaitingHuman` state an
 * older samocode wrote, and a session stopped while its `done` was verified, continued by a run with
 * no verify command. Real session folders; the scripted provider stands in for the CLI.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromCallback } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import type { VerifyInput } from '../../machines/receipt.js';
import { defaultSettings, type WorkflowSettings } from '../../machines/workflow.js';
import type { SessionPlace } from '../../src/providers/types.js';
import { type RunSessionOptions, runSession } from '../../src/runner/run-session.js';
import { readHistory } from '../../src/session/history.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { happyPath, type Script, scriptedProvider } from './scripted-provider.js';

afterEach(removeTempTrees);

const settings: WorkflowSettings = { ...defaultSettings(PHASE_REGISTRY), retryDelayMs: 0 };
const FIXTURES = join(import.meta.dirname, 'fixtures');

function session() {
  const sessionDir = join(makeTempTree(), '26-11-24-demo');
  mkdirSync(sessionDir, { recursive: true });
  const place: SessionPlace = {
    sessionName: 'demo',
    sessionDir,
    workDir: sessionDir,
    mainRepo: sessionDir,
    worktreePath: sessionDir,
    branch: 'demo',
  };
  return { sessionDir, place };
}

function run(where: ReturnType<typeof session>, script: Script, extra: Partial<RunSessionOptions> = {}) {
  const provider = scriptedProvider(script);
  const result = runSession({
    sessionDir: where.sessionDir,
    place: where.place,
    createProvider: provider.create,
    settings,
    provider: 'claude',
    model: 'opus',
    configPath: '/p/.samocode',
    warn: () => undefined,
    ...extra,
  });
  return { provider, result };
}

describe('a state saved with the sub-state older versions called awaitingHuman', () => {
  it.each([
    ['state-awaiting-human-qa-answers.json', 'requirements', 'awaitingAnswers'],
    ['state-awaiting-human-action.json', 'implementation', 'awaitingAction'],
  ] as const)('%s reads as %s.%s and resumes there', async (fixture, phase, sub) => {
    const where = session();
    const statePath = join(where.sessionDir, '_state.json');
    copyFileSync(join(FIXTURES, fixture), statePath);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).snapshot.value).toEqual({ [phase]: 'awaitingHuman' });
    // Every reader (status, ls, the dashboard) sees today's name.
    expect(readSessionState(statePath)?.snapshot.value).toEqual({ [phase]: sub });
    const { provider, result } = run(where, happyPath, { autoApprove: true });
    const end = await result;
    expect(provider.started[0]?.phase).toBe(phase);
    expect(end.exitCode).toBe(0);
    expect(end.final.value).toBe('completed');
  });
});

describe('a session stopped while samocode verified its done', () => {
  it('completes as claimed when the next run has no verify command, and checks again when it has one', async () => {
    const where = session();
    const checks: VerifyInput[] = [];
    // The verify command never finishes: the run is interrupted in done.verifying.
    const hanging = fromCallback<WorkflowEvent, VerifyInput>(({ input }) => {
      checks.push(input);
    });
    const stop = new AbortController();
    const first = run(where, happyPath, {
      autoApprove: true,
      settings: { ...settings, verify: true },
      verifier: hanging,
      signal: stop.signal,
      observers: [
        {
          onTransition: (info) => {
            if (JSON.stringify(info.after.value) === '{"done":"verifying"}') stop.abort();
          },
        },
      ],
    });
    expect((await first.result).exitCode).toBe(130);
    expect(readSessionState(join(where.sessionDir, '_state.json'))?.snapshot.value).toEqual({
      done: 'verifying',
    });
    expect(checks).toEqual([{ iteration: 7 }]);

    // With a verify command the restored verifying runs it again (interrupted once it started).
    const stopAgain = new AbortController();
    const checking = fromCallback<WorkflowEvent, VerifyInput>(({ input }) => {
      checks.push(input);
      stopAgain.abort();
    });
    const again = run(where, happyPath, {
      settings: { ...settings, verify: true },
      verifier: checking,
      signal: stopAgain.signal,
    });
    expect((await again.result).exitCode).toBe(130);
    expect(checks).toEqual([{ iteration: 7 }, { iteration: 7 }]);

    const plain = run(where, happyPath);
    const end = await plain.result;
    expect(end.exitCode).toBe(0);
    expect(end.final.value).toBe('completed');
    expect(end.final.context.receipt).toBeUndefined();
    expect(end.message).toContain('claimed by the agent, not verified');
    expect(plain.provider.started).toEqual([]);
    const rows = readHistory(join(where.sessionDir, '_signal_history.jsonl')).rows;
    expect(rows.map((row) => `${row.iteration}:${row.event}`).at(-1)).toBe('7:signal.done');
  });
});
