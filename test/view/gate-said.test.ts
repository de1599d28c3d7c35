/**
 * The gate in the session view: its id and opening time come from the machine's counter, a run
 * waiting at it makes the decision command the next step, and the last decision the history
 * records is said in the words every channel uses. Expected words are written here.
 */
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import type { HistoryRow } from '../../src/session/history.js';
import { buildSessionView, type ViewInput } from '../../src/view/index.js';
import { inputOf, NOW, ROW } from './view-cases.js';

const CONFIG = "--config '/p/my proj/.samocode' --session 26-12-07-mul";

function atApproval(more: Partial<ViewInput> = {}, gate?: { seq: number; openedAt?: number }): ViewInput {
  const base = inputOf('waiting for approval');
  return {
    ...base,
    snapshot: {
      value: { planning: 'awaitingApproval' },
      context: {
        ...initialContext(),
        totalIterations: 4,
        waiting: { for: 'plan_approval' },
        pendingTarget: 'implementation',
        ...(gate ? { gate } : {}),
      },
    },
    ...more,
  };
}

const decisionRow = (action: string, channel: string, at: string, gateId: string): HistoryRow => ({
  ...ROW,
  time: at,
  iteration: 4,
  sourcePhase: 'planning',
  event: action === 'approve' ? 'approve' : 'resume',
  accepted: true,
  state: 'implementation.running',
  outcome: 'decision',
  attempts: 0,
  durationMs: 0,
  tokens: { input: 0, output: 0 },
  costUsd: 0,
  decision: { gateId, action, channel, who: 'root', at },
});

describe('the gate in the view', () => {
  it('names the gate by the machine’s number and says when it opened', () => {
    const view = buildSessionView(
      atApproval({}, { seq: 3, openedAt: Date.parse('2026-12-07T14:00:00.000Z') }),
    );
    expect(view.gate?.id).toBe('26-12-07-mul/g3-approval');
    expect(view.gate?.seq).toBe(3);
    expect(view.gate?.openedAt).toBe('2026-12-07T14:00:00.000Z');
  });

  it('with a run waiting at the gate, the next step is the command that decides it', () => {
    const view = buildSessionView(atApproval({ isLive: true }, { seq: 2 }));
    expect(view.next).toEqual({
      text: 'approve or reject the plan (/s/26-12-07-mul/004-plan-mul.md); the waiting run goes on at once',
      command: `samocode approve ${CONFIG}`,
    });
  });

  it('without a run the next step stays approve-then-run', () => {
    const view = buildSessionView(atApproval({}, { seq: 2 }));
    expect(view.next?.command).toBe(`samocode approve ${CONFIG} && samocode run ${CONFIG}`);
  });

  it('is absent where no human decision moves the session (blocked by the agent, running, complete)', () => {
    for (const name of [
      'blocked by the agent',
      'running',
      'complete, verified',
      'blocked for no progress',
    ] as const)
      expect(buildSessionView(inputOf(name)).gate, name).toBeUndefined();
  });

  it('says the last decision of the history, the newest one, in the channels’ words', () => {
    const rows = [
      ROW,
      decisionRow('reject', 'cli', '2026-12-07T12:04:00.000Z', '26-12-07-mul/g1-approval'),
      { ...ROW, time: '2026-12-07T13:00:00.000Z' },
      decisionRow('approve', 'dashboard', '2026-12-07T14:30:00.000Z', '26-12-07-mul/g2-approval'),
    ];
    const view = buildSessionView({ ...inputOf('running'), rows, now: NOW });
    expect(view.lastDecision).toEqual({
      gateId: '26-12-07-mul/g2-approval',
      action: 'approve',
      channel: 'dashboard',
      who: 'root',
      at: '2026-12-07T14:30:00.000Z',
      text: `approved at ${new Date('2026-12-07T14:30:00.000Z').toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} by root via dashboard`,
    });
    expect(view.spend.costUsd).toBe(0.04);
    expect(view.spend.costText).toBe('$0.04');
  });
});
