/**
 * A human event through the session loop (what `approve` does, and later commands will): restored,
 * sent, recorded like any transition, stopped, with no attempt started; or not sent at all, and
 * nothing written, where the machine does not take it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { defaultSettings, type WorkflowSettings } from '../../machines/workflow.js';
import type { SessionPlace } from '../../src/providers/types.js';
import { runSession } from '../../src/runner/run-session.js';
import { sendHumanEvent } from '../../src/runner/send-human-event.js';
import { readHistory } from '../../src/session/history.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { happyPath, scriptedProvider } from './scripted-provider.js';

afterEach(removeTempTrees);

const settings: WorkflowSettings = { ...defaultSettings(PHASE_REGISTRY), retryDelayMs: 0 };

function session() {
  const sessionDir = join(makeTempTree(), '26-11-24-demo');
  const place: SessionPlace = {
    sessionName: 'demo',
    sessionDir,
    workDir: sessionDir,
    mainRepo: sessionDir,
    worktreePath: sessionDir,
    branch: 'demo',
  };
  const paths = {
    state: join(sessionDir, '_state.json'),
    history: join(sessionDir, '_signal_history.jsonl'),
    overview: join(sessionDir, '_overview.md'),
  };
  return { sessionDir, place, paths };
}

async function parkAtTheGate(where: ReturnType<typeof session>) {
  const provider = scriptedProvider(happyPath);
  const end = await runSession({
    sessionDir: where.sessionDir,
    place: where.place,
    createProvider: provider.create,
    settings,
    provider: 'claude',
    model: 'opus',
    configPath: '/p/.samocode',
    warn: () => undefined,
  });
  expect(end.final.value).toEqual({ planning: 'awaitingApproval' });
  return provider;
}

const approve = (where: ReturnType<typeof session>) =>
  sendHumanEvent({
    sessionDir: where.sessionDir,
    place: where.place,
    settings,
    event: { type: 'approve' },
    providerName: 'claude',
    model: 'opus',
    warn: () => undefined,
    now: () => new Date(2026, 10, 24, 12, 0),
    ending: (after) => ({ lastAction: 'samocode: approved', next: `now in ${JSON.stringify(after.value)}` }),
  });

describe('sendHumanEvent', () => {
  it('is not sent to a session that has not started', () => {
    expect(approve(session())).toEqual({ isSent: false });
  });

  it('takes the event where the machine handles it: recorded, no history row, no attempt, the loop stopped', async () => {
    const where = session();
    const provider = await parkAtTheGate(where);
    const rows = readHistory(where.paths.history).rows.length;
    const result = approve(where);
    expect(result.isSent).toBe(true);
    expect(result.isSent && [result.before.value, result.after.value]).toEqual([
      { planning: 'awaitingApproval' },
      { implementation: 'running' },
    ]);
    const saved = readSessionState(where.paths.state);
    expect([saved?.snapshot.status, saved?.snapshot.value]).toEqual([
      'active',
      { implementation: 'running' },
    ]);
    expect(readHistory(where.paths.history).rows).toHaveLength(rows);
    expect(provider.started.map((input) => input.phase)).toEqual([
      'init',
      'investigation',
      'requirements',
      'planning',
    ]);
    const overview = readFileSync(where.paths.overview, 'utf8');
    expect(overview).toContain(
      'samocode: planning.awaitingApproval -> implementation.running (plan approved)',
    );
    expect(overview).toContain('Last Action: samocode: approved');
    expect(overview).toContain('Next: now in {"implementation":"running"}');
  });

  it('is not sent where the machine does not take it, and writes nothing', async () => {
    const where = session();
    await parkAtTheGate(where);
    expect(approve(where).isSent).toBe(true);
    const before = {
      state: readFileSync(where.paths.state, 'utf8'),
      mtime: statSync(where.paths.state).mtimeMs,
    };
    const overview = readFileSync(where.paths.overview, 'utf8');
    const again = approve(where);
    expect(again.isSent).toBe(false);
    expect(again.before?.value).toEqual({ implementation: 'running' });
    expect({
      state: readFileSync(where.paths.state, 'utf8'),
      mtime: statSync(where.paths.state).mtimeMs,
    }).toEqual(before);
    expect(readFileSync(where.paths.overview, 'utf8')).toBe(overview);
  });
});

describe('runSession with an event other than resume', () => {
  it('sends it after the restore and runs on to the next stop', async () => {
    const where = session();
    await parkAtTheGate(where);
    const provider = scriptedProvider(happyPath);
    const end = await runSession({
      sessionDir: where.sessionDir,
      place: where.place,
      createProvider: provider.create,
      settings,
      provider: 'claude',
      model: 'opus',
      configPath: '/p/.samocode',
      warn: () => undefined,
      event: { type: 'approve' },
    });
    expect(end.exitCode).toBe(0);
    expect(provider.started.map((input) => input.phase)).toEqual(['implementation', 'testing', 'done']);
  });
});
