/** The words of every refusal: which SPEC §2 rule, what the agent did, what was allowed. */
import { describe, expect, it } from 'vitest';
import type { SignalEvent } from '../../machines/events.js';
import { PHASE_REGISTRY, type Phase, type PhaseRegistry } from '../../machines/phases.js';
import {
  explainBudget,
  explainNoSignal,
  explainRejection,
  explainSuspensionTooLong,
  RULE_IDS,
  RULE_NUMBERS,
} from '../../machines/rules.js';

const allowed = (items: readonly string[]): string => items.join(', ');
const spec = (phase: Phase) => PHASE_REGISTRY[phase];

describe('explainRejection', () => {
  it.each<[string, Phase, SignalEvent, ReturnType<typeof explainRejection>]>([
    [
      'a malformed file',
      'init',
      { type: 'signal.invalid', problem: 'bad json' },
      { rule: 'invalid-signal', reason: 'rule 7 (invalid-signal): bad json', needs: 'error_resolution' },
    ],
    [
      'done outside done',
      'init',
      { type: 'signal.done', summary: 's' },
      {
        rule: 'done-outside-done',
        reason: "rule 5 (done-outside-done): 'done' is only allowed in 'done', not in 'init'",
        needs: 'human_decision',
      },
    ],
    [
      'done naming another phase',
      'done',
      { type: 'signal.done', summary: 's', target: 'init' },
      {
        rule: 'done-outside-done',
        reason: "rule 5 (done-outside-done): 'done' completes the session and cannot name 'init'",
        needs: 'human_decision',
      },
    ],
    [
      'a status the phase does not allow',
      'done',
      { type: 'signal.continue' },
      {
        rule: 'status-not-allowed',
        reason: `rule 1 (status-not-allowed): 'continue' is not allowed in 'done' (allowed: ${allowed(spec('done').signals)})`,
        needs: 'human_decision',
      },
    ],
    [
      'continue to a phase that is not next',
      'implementation',
      { type: 'signal.continue', target: 'done' },
      {
        rule: 'target-not-allowed',
        reason: `rule 2 (target-not-allowed): 'continue' from 'implementation' cannot go to 'done' (allowed: ${allowed(['implementation', ...spec('implementation').next])})`,
        needs: 'human_decision',
      },
    ],
    [
      'waiting that names another phase',
      'requirements',
      { type: 'signal.waiting', target: 'planning', for: 'qa_answers' },
      {
        rule: 'wait-changes-phase',
        reason:
          "rule 3 (wait-changes-phase): 'waiting' never changes phase, but it named 'planning' from 'requirements'",
        needs: 'human_decision',
      },
    ],
    [
      'a wait the phase does not have',
      'requirements',
      { type: 'signal.waiting', target: 'requirements', for: 'plan_approval' },
      {
        rule: 'wait-not-allowed',
        reason: `rule 3 (wait-not-allowed): 'requirements' cannot wait for 'plan_approval' (allowed: ${allowed(spec('requirements').waits)})`,
        needs: 'human_decision',
      },
    ],
    [
      'a wait the phase does not have, naming no phase',
      'implementation',
      { type: 'signal.waiting', for: 'qa_answers' },
      {
        rule: 'wait-not-allowed',
        reason: `rule 3 (wait-not-allowed): 'implementation' cannot wait for 'qa_answers' (allowed: ${allowed(spec('implementation').waits)})`,
        needs: 'human_decision',
      },
    ],
    [
      'blocked naming another phase, quoting the agent and keeping its needs',
      'testing',
      { type: 'signal.blocked', target: 'quality', reason: ' no\n  db ', needs: 'environment' },
      {
        rule: 'blocked-changes-phase',
        reason:
          "rule 4 (blocked-changes-phase): 'blocked' never changes phase, but it named 'quality' from 'testing'; the agent said: no db",
        needs: 'environment',
      },
    ],
  ])('%s', (_name, phase, event, block) => {
    expect(explainRejection(PHASE_REGISTRY, phase, event)).toStrictEqual(block);
  });

  it("says 'none' when a phase allows nothing of the kind", () => {
    const registry: PhaseRegistry = {
      ...PHASE_REGISTRY,
      init: { ...PHASE_REGISTRY.init, signals: [...PHASE_REGISTRY.init.signals, 'waiting'], waits: [] },
    };
    expect(explainRejection(registry, 'init', { type: 'signal.waiting', for: 'qa_answers' }).reason).toBe(
      "rule 3 (wait-not-allowed): 'init' cannot wait for 'qa_answers' (allowed: none)",
    );
  });
});

describe('the other refusals', () => {
  it('a spent budget names the phase, what it spent and what a new run grants', () => {
    expect(explainBudget('testing', 21, 20)).toStrictEqual({
      rule: 'budget-exhausted',
      reason:
        "rule 8 (budget-exhausted): 'testing' has used 21 iterations, all that it is allowed (its budget of 20); running samocode again allows 20 more",
      needs: 'human_decision',
    });
    expect(explainBudget('testing', 41, 20, 20).reason).toBe(
      "rule 8 (budget-exhausted): 'testing' has used 41 iterations, all that it is allowed (its budget of 20 plus 20 granted by earlier runs); running samocode again allows 20 more",
    );
  });

  it('a missing signal names the attempts', () => {
    expect(explainNoSignal(2)).toStrictEqual({
      rule: 'no-signal',
      reason:
        'rule 6 (no-signal): the agent exited without writing _signal.json in 2 attempt(s), the last one with a reminder',
      needs: 'error_resolution',
    });
  });

  it('a usage limit beyond the cap names the reset time when known, in hours', () => {
    const limited = { type: 'agent.limited', waitMs: 9_000_000, message: 'limit', at: 0 } as const;
    expect(explainSuspensionTooLong({ ...limited, resetsAt: '2026-11-24T19:00:00Z' }, 21_600_000)).toBe(
      'usage limit resets at 2026-11-24T19:00:00Z, in 2.5 h, beyond the 6.0 h samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
    );
    expect(explainSuspensionTooLong(limited, 5_400_000)).toBe(
      'usage limit, in 2.5 h, beyond the 1.5 h samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
    );
  });

  it('numbers the rules as SPEC §2 does', () => {
    expect(RULE_IDS.map((rule) => RULE_NUMBERS[rule])).toEqual([1, 2, 3, 3, 4, 5, 6, 7, 8, 8, 8]);
  });
});
