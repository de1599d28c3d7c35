import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { defaultSettings, type WorkflowSettings } from '../../machines/workflow.js';
import type { SessionPlace } from '../../src/providers/types.js';
import type { SessionObserver } from '../../src/runner/observer.js';
import { type RunSessionOptions, runSession } from '../../src/runner/run-session.js';
import { readHistory } from '../../src/session/history.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { happyPath, type Script, scriptedProvider } from './scripted-provider.js';

afterEach(removeTempTrees);

const settings: WorkflowSettings = { ...defaultSettings(PHASE_REGISTRY), retryDelayMs: 0 };

function session() {
  const root = makeTempTree();
  const sessionDir = join(root, '24-11-24-demo');
  const place: SessionPlace = {
    sessionName: 'demo',
    sessionDir,
    workDir: root,
    mainRepo: root,
    worktreePath: root,
    branch: 'demo',
  };
  return { root, sessionDir, place };
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

const rowsOf = (dir: string) => readHistory(join(dir, '_signal_history.jsonl')).rows;

describe('runSession', () => {
  it('runs init to done with auto-approve: exit 0, one history row per iteration', async () => {
    const where = session();
    const { result } = run(where, happyPath, { autoApprove: true });
    const end = await result;
    expect(end.exitCode).toBe(0);
    expect(end.final.value).toBe('completed');
    const rows = rowsOf(where.sessionDir);
    expect(rows.map((row) => `${row.iteration}:${row.sourcePhase}->${row.state}`)).toEqual([
      '1:init->investigation.running',
      '2:investigation->requirements.running',
      '3:requirements->planning.running',
      '4:planning->implementation.running',
      '5:implementation->testing.running',
      '6:testing->done.running',
      '7:done->completed',
    ]);
    expect(rows.every((row) => row.accepted && row.costUsd === 0.25 && row.attempts === 1)).toBe(true);
    expect(rows[0]?.tokens).toEqual({ input: 10, output: 5 });
    const overview = readFileSync(join(where.sessionDir, '_overview.md'), 'utf8');
    expect(overview).toContain('Phase: completed');
    expect(overview).toContain('Total Iterations: 7');
    expect(overview).toMatch(
      /\] samocode: done\.running -> completed \(complete \(claimed by the agent, not verified\)\)/,
    );
    const state = readSessionState(join(where.sessionDir, '_state.json'));
    expect(state?.snapshot.status).toBe('done');
    expect(state?.lastRow?.iteration).toBe(7);
  });

  it('stops at plan approval with exit 10, and a later run with autoApprove crosses the gate', async () => {
    const where = session();
    const first = await run(where, happyPath).result;
    expect(first.exitCode).toBe(10);
    expect(first.final.value).toEqual({ planning: 'awaitingApproval' });
    expect(first.message).toContain('samocode approve --config /p/.samocode --session demo');
    const again = await run(where, happyPath).result;
    expect(again.exitCode).toBe(10);
    expect(rowsOf(where.sessionDir)).toHaveLength(4);
    const approved = run(where, happyPath, { autoApprove: true });
    const end = await approved.result;
    expect(end.exitCode).toBe(0);
    expect(approved.provider.started[0]?.phase).toBe('implementation');
    expect(rowsOf(where.sessionDir).map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('waits for Q&A answers with exit 10, then a second run re-runs requirements and continues', async () => {
    const where = session();
    let asked = false;
    const script: Script = (input) => {
      if (input.phase === 'requirements' && !asked) {
        asked = true;
        return { type: 'signal.waiting', for: 'qa_answers' };
      }
      return happyPath(input);
    };
    const first = await run(where, script).result;
    expect(first.exitCode).toBe(10);
    expect(first.final.value).toEqual({ requirements: 'awaitingAnswers' });
    const second = run(where, script);
    const end = await second.result;
    expect(end.exitCode).toBe(10);
    expect(end.final.value).toEqual({ planning: 'awaitingApproval' });
    expect(second.provider.started.map((input) => input.phase)).toEqual(['requirements', 'planning']);
    expect(rowsOf(where.sessionDir).map((row) => `${row.iteration}:${row.event}`)).toEqual([
      '1:signal.continue',
      '2:signal.continue',
      '3:signal.waiting',
      '4:signal.continue',
      '5:signal.waiting',
    ]);
  });

  it('blocks with exit 11 and the reason, and resumes the same phase when run again', async () => {
    const where = session();
    let blocked = false;
    const script: Script = (input) => {
      if (input.phase === 'investigation' && !blocked) {
        blocked = true;
        return { type: 'signal.blocked', reason: 'need the API key', needs: 'environment' };
      }
      return happyPath(input);
    };
    const first = await run(where, script).result;
    expect(first.exitCode).toBe(11);
    expect(first.message).toContain('need the API key');
    expect(readFileSync(join(where.sessionDir, '_overview.md'), 'utf8')).toContain(
      'Blocked: yes: need the API key',
    );
    const second = run(where, script);
    expect((await second.result).exitCode).toBe(10);
    expect(second.provider.started[0]?.phase).toBe('investigation');
  });

  it('records a rejected signal with its rule', async () => {
    const where = session();
    const end = await run(where, () => ({ type: 'signal.continue', target: 'done' })).result;
    expect(end.exitCode).toBe(11);
    const [row] = rowsOf(where.sessionDir);
    expect(row?.accepted).toBe(false);
    expect(row?.rejection?.rule).toBe('target-not-allowed');
    expect(row?.target).toBe('done');
  });

  it('fails with exit 12 when the provider fails fatally, and with transient failures after the attempt budget', async () => {
    const where = session();
    const end = await run(where, () => ({
      type: 'agent.failed',
      kind: 'fatal',
      outcome: 'auth',
      message: 'log in',
    })).result;
    expect(end.exitCode).toBe(12);
    expect(end.message).toContain('log in');
    const other = session();
    const transient = run(other, () => ({
      type: 'agent.failed',
      kind: 'transient',
      outcome: 'overloaded',
      message: 'busy',
    }));
    expect((await transient.result).exitCode).toBe(12);
    expect(transient.provider.started.map((input) => input.attempt)).toEqual([1, 2, 3]);
    const [row] = rowsOf(other.sessionDir);
    expect(row?.attempts).toBe(3);
    expect(row?.costUsd).toBe(0.75);
  });

  it('with once, stops after the first iteration with exit 0 and never starts the next provider', async () => {
    const where = session();
    const { provider, result } = run(where, happyPath, { once: true });
    const end = await result;
    expect(end.exitCode).toBe(0);
    expect(end.final.value).toEqual({ investigation: 'paused' });
    expect(end.message).toContain(
      'paused after one iteration (--once); iteration 2 in investigation is next',
    );
    expect(provider.started.map((input) => input.phase)).toEqual(['init']);
    const next = run(where, happyPath, { once: true });
    await next.result;
    expect(next.provider.started.map((input) => input.phase)).toEqual(['investigation']);
    expect(rowsOf(where.sessionDir)).toHaveLength(2);
  });

  it('an abort stops the provider and exits 130; the interrupted iteration runs again', async () => {
    const where = session();
    const controller = new AbortController();
    const { provider, result } = run(where, () => 'hang', { signal: controller.signal });
    await expect.poll(() => provider.started.length).toBe(1);
    controller.abort();
    const end = await result;
    expect(end.exitCode).toBe(130);
    expect(provider.stopped).toHaveLength(1);
    const again = run(where, happyPath, { once: true });
    await again.result;
    expect(again.provider.started.map((input) => input.phase)).toEqual(['init']);
  });

  it('running a completed session again ends at once with 0 and starts nothing', async () => {
    const where = session();
    expect((await run(where, happyPath, { autoApprove: true }).result).exitCode).toBe(0);
    const again = run(where, happyPath);
    expect((await again.result).exitCode).toBe(0);
    expect(again.provider.started).toEqual([]);
    expect(rowsOf(where.sessionDir)).toHaveLength(7);
  });

  it('--grant on a completed session says the session is complete, not that it starts fresh', async () => {
    const where = session();
    expect((await run(where, happyPath, { autoApprove: true }).result).exitCode).toBe(0);
    const warnings: string[] = [];
    const grant = { costUsd: 5, tokens: 0, ms: 0 };
    await run(where, happyPath, { grant, warn: (message) => warnings.push(message) }).result;
    expect(warnings).toEqual([
      '--grant was not used: the session is already complete (a grant tops up a session blocked by a budget)',
    ]);
  });

  it('--grant on a new session says it starts fresh', async () => {
    const where = session();
    const warnings: string[] = [];
    const grant = { costUsd: 5, tokens: 0, ms: 0 };
    await run(where, happyPath, { grant, once: true, warn: (message) => warnings.push(message) }).result;
    expect(warnings).toEqual([
      '--grant was not used: this session has not run before, so it starts fresh with the caps as set',
    ]);
  });

  it("writes the task to _overview.md through the run's cleaner: a secret of the environment is redacted", async () => {
    const where = session();
    const secret = 'my-listed-secret-value-42';
    const place = { ...where.place, task: `use ${secret} to deploy`, dive: `the ${secret} flow` };
    const clean = (text: string) => text.split(secret).join('[redacted]');
    await run({ ...where, place }, happyPath, { once: true, clean }).result;
    const overview = readFileSync(join(where.sessionDir, '_overview.md'), 'utf8');
    expect(overview).toContain('Task: use [redacted] to deploy');
    expect(overview).toContain('Dive topic: the [redacted] flow');
    expect(overview).not.toContain(secret);
  });

  it('reads a session whose files hold negative spend written by an older samocode, counting it as 0', async () => {
    const where = session();
    await run(where, happyPath, { once: true }).result;
    const statePath = join(where.sessionDir, '_state.json');
    const historyPath = join(where.sessionDir, '_signal_history.jsonl');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.lastRow.costUsd = -5;
    state.lastRow.tokens.input = -1;
    state.snapshot.context.spend.session.costUsd = -4.75;
    state.snapshot.context.spend.phases.init.costUsd = -4.75;
    writeFileSync(statePath, JSON.stringify(state));
    const row = JSON.parse(readFileSync(historyPath, 'utf8').trim());
    writeFileSync(
      historyPath,
      `${JSON.stringify({ ...row, costUsd: -5, tokens: { input: -1, output: 5 } })}\n`,
    );
    const read = readSessionState(statePath);
    expect(read?.lastRow).toMatchObject({ costUsd: 0, tokens: { input: 0, output: 5 } });
    expect(read?.snapshot.context.spend?.session.costUsd).toBe(0);
    expect(rowsOf(where.sessionDir)).toEqual([
      expect.objectContaining({ costUsd: 0, tokens: { input: 0, output: 5 } }),
    ]);
    const again = run(where, happyPath, { once: true });
    expect((await again.result).exitCode).toBe(0);
    expect(again.provider.started.map((input) => input.phase)).toEqual(['investigation']);
  });

  it('refuses a saved state the machine does not know with session.state', async () => {
    const where = session();
    mkdirSync(where.sessionDir, { recursive: true });
    writeFileSync(
      join(where.sessionDir, '_state.json'),
      JSON.stringify({
        v: 1,
        snapshot: { status: 'active', value: { bogus: 'x' }, context: { totalIterations: 0 } },
      }),
    );
    await expect(run(where, happyPath).result).rejects.toMatchObject({ code: 'session.state', exitCode: 2 });
  });

  it('a throwing observer is reported and never breaks the loop', async () => {
    const where = session();
    const warnings: string[] = [];
    const seen: string[] = [];
    const observers: SessionObserver[] = [
      {
        onTransition: () => {
          throw new Error('boom');
        },
      },
      {
        onTransition: (info) => seen.push(info.event.type),
        onEnd: (end) => void seen.push(`end:${end.exitCode}`),
      },
    ];
    const end = await run(where, happyPath, { observers, warn: (message) => warnings.push(message) }).result;
    expect(end.exitCode).toBe(10);
    expect(seen).toEqual([
      'signal.continue',
      'signal.continue',
      'signal.continue',
      'signal.waiting',
      'end:10',
    ]);
    expect(warnings.filter((warning) => warning.includes('boom'))).toHaveLength(4);
  });
});
