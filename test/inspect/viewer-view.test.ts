import { describe, expect, it } from 'vitest';
import { PHASES } from '../../machines/phases.js';
import { toRelayedMessage } from '../../src/inspect/sanitize.js';
import {
  buildViewerEvent,
  buildViewerMachine,
  buildViewerPart,
  buildViewerState,
} from '../../src/inspect/viewer-view.js';
import { buildRedactor } from '../../src/text/redact.js';

const snapshot = (value: unknown, context: Record<string, unknown>) => ({ status: 'active', value, context });

describe('buildViewerState', () => {
  it.each([
    [
      'waiting',
      { waiting: { for: 'qa_answers', summary: 'two questions' } },
      'waiting for qa_answers: two questions',
    ],
    ['blocked', { blocked: { reason: 'no database', needs: 'environment' } }, 'blocked: no database'],
    ['failed', { failure: { outcome: 'fatal', message: 'not logged in' } }, 'failure (fatal): not logged in'],
    [
      'suspended until a time',
      { suspension: { resetsAt: '17:00', waitMs: 1 } },
      'usage limit, resumes 17:00',
    ],
    ['suspended for a while', { suspension: { waitMs: 90_400 } }, 'usage limit, resumes in 90 s'],
    ['running', {}, ''],
  ])('says why the session stands still when %s', (_name, context, note) => {
    expect(buildViewerState(snapshot({ init: 'running' }, context))?.note).toBe(note);
  });

  it('names the state, its phase and sub-state, and the counters', () => {
    expect(
      buildViewerState(
        snapshot(
          { planning: 'awaitingApproval' },
          { totalIterations: 7, attempt: 2, iterations: { planning: 3 } },
        ),
      ),
    ).toEqual({
      text: 'planning.awaitingApproval',
      phase: 'planning',
      sub: 'awaitingApproval',
      totalIterations: 7,
      attempt: '2',
      iterations: { planning: 3 },
      note: '',
    });
    expect(buildViewerState(snapshot('completed', {}))).toMatchObject({
      text: 'completed',
      phase: 'completed',
    });
    expect(buildViewerState(snapshot({ other: 'x' }, { attempt: 'one' }))).toMatchObject({
      text: 'other.x',
      phase: '',
      attempt: '–',
    });
    expect(buildViewerState({ status: 'active' })).toBeUndefined();
  });
});

describe('buildViewerMachine', () => {
  it('lists every phase with its sub-states in the machine order, and the final state', () => {
    const definition = JSON.stringify({
      states: { planning: { states: { blocked: {}, running: {}, awaitingApproval: {}, extra: {} } } },
    });
    const machine = buildViewerMachine('workflow', definition);
    expect(machine.phases.map((entry) => entry.phase)).toEqual([...PHASES]);
    expect(machine.phases[3]?.subStates).toEqual(['running', 'awaitingApproval', 'blocked', 'extra']);
    expect(machine.final).toBe('completed');
    expect(buildViewerMachine('m', 'not json').phases[0]?.subStates).toEqual([]);
  });
});

describe('buildViewerEvent', () => {
  it('gives the time of day and the shown fields in a fixed order', () => {
    expect(
      buildViewerEvent(
        { type: 'signal.waiting', summary: 'ready', for: 'plan_approval', other: 'hidden' },
        String(Date.UTC(2026, 0, 2, 13, 4, 5, 67)),
      ),
    ).toEqual({
      time: '13:04:05.067',
      type: 'signal.waiting',
      details: 'for: plan_approval · summary: ready',
    });
    expect(buildViewerEvent(undefined, 'never')).toEqual({ time: '', type: 'unknown', details: '' });
  });
});

describe('the local page’s relayed message', () => {
  it('carries its view, redacted like the rest', () => {
    const redact = buildRedactor(['s3cret-value-1234']);
    const raw = JSON.stringify({
      type: '@xstate.snapshot',
      sessionId: 'x:0',
      snapshot: snapshot(
        { implementation: 'awaitingHuman' },
        { waiting: { for: 'human_action', summary: 'use s3cret-value-1234' } },
      ),
    });
    const relayed = toRelayedMessage(raw, redact, buildViewerPart) ?? '';
    expect(relayed).not.toContain('s3cret-value-1234');
    expect(JSON.parse(relayed).view.state.note).toBe('waiting for human_action: use [redacted]');
    expect(JSON.parse(toRelayedMessage(raw, redact) ?? '{}').view).toBeUndefined();
  });
});
