/**
 * What each decision does at each gate kind, against a table written from the issue: a plan is
 * approved or rejected (the reason reaches planning), questions are answered, an action is
 * confirmed done, a budget block is lifted by a grant; anything else is refused with words.
 */
import { describe, expect, it } from 'vitest';
import { GATE_KINDS } from '../../machines/state-meaning.js';
import {
  buildDecision,
  DECISION_ACTIONS,
  type Decision,
  type DecisionAction,
} from '../../src/gates/decision.js';
import { NO_REASON, toDecisionEvent } from '../../src/runner/decision-event.js';

const AT = new Date('2026-12-07T12:04:00.000Z');

function decision(action: DecisionAction, payload?: Decision['payload']): Decision {
  const built = buildDecision({
    gateId: '26-12-07-mul/g2-approval',
    action,
    channel: 'cli',
    who: 'root',
    at: AT,
    ...(payload ? { payload } : {}),
  });
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.decision;
}

const facts = {
  gateId: '26-12-07-mul/g2-approval',
  channel: 'cli',
  who: 'root',
  at: '2026-12-07T12:04:00.000Z',
};

/** The event each gate kind takes for each action; undefined = refused. */
const ORACLE: Record<string, Record<string, string | undefined>> = {
  approval: { approve: 'approve', reject: 'resume', answer: undefined, grant: undefined, stop: undefined },
  answers: { approve: undefined, reject: undefined, answer: 'resume', grant: undefined, stop: undefined },
  action: { approve: 'resume', reject: undefined, answer: undefined, grant: undefined, stop: undefined },
  grant: { approve: undefined, reject: undefined, answer: undefined, grant: 'resume', stop: undefined },
};

describe('toDecisionEvent', () => {
  it.each(GATE_KINDS)('a %s gate takes only its own decisions', (kind) => {
    for (const action of DECISION_ACTIONS) {
      const made = toDecisionEvent(decision(action), kind);
      expect(made.ok ? made.event.type : undefined, `${kind} ${action}`).toBe(ORACLE[kind]?.[action]);
      if (!made.ok)
        expect(made.problem).toMatch(new RegExp(`^${action} does not decide a gate of kind ${kind}`));
    }
  });

  it('carries the decision’s facts for its history row', () => {
    const made = toDecisionEvent(decision('approve'), 'approval');
    expect(made).toEqual({ ok: true, event: { type: 'approve', decision: { ...facts, action: 'approve' } } });
  });

  it('a rejection carries its reason, or says none was given', () => {
    expect(toDecisionEvent(decision('reject', { reason: ' split it ' }), 'approval')).toEqual({
      ok: true,
      event: { type: 'resume', rejection: 'split it', decision: { ...facts, action: 'reject' } },
    });
    const bare = toDecisionEvent(decision('reject'), 'approval');
    expect(bare.ok && bare.event.type === 'resume' && bare.event.rejection).toBe(NO_REASON);
  });

  it('a grant is read as run --grant reads it; a bad one is refused naming the part', () => {
    expect(toDecisionEvent(decision('grant', { grant: 'cost=0.5,hours=1' }), 'grant')).toEqual({
      ok: true,
      event: {
        type: 'resume',
        grant: { costUsd: 0.5, tokens: 0, ms: 3_600_000 },
        decision: { ...facts, action: 'grant' },
      },
    });
    expect(toDecisionEvent(decision('grant', { grant: 'money=5' }), 'grant')).toEqual({
      ok: false,
      problem:
        '--grant: cannot read "money=5" (unknown kind "money"); use --grant cost=<usd>,tokens=<n>,hours=<h> (any of the three, each at most once, e.g. --grant cost=5)',
    });
    const none = toDecisionEvent(decision('grant'), 'grant');
    expect(none.ok && none.event).toEqual({ type: 'resume', decision: { ...facts, action: 'grant' } });
  });
});
