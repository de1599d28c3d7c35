/**
 * Why a signal is refused: the SPEC §2 rules as pure functions that name the rule broken.
 * The machine decides *whether* a move is allowed with guards generated from the registry;
 * these functions only explain a refusal.
 */

import { GRANT_KEY, type Overspend, renderAmount, renderDuration } from './budget.js';
import type { Block } from './context.js';
import type { AgentLimitedEvent, SignalEvent } from './events.js';
import { type BlockNeed, type Phase, type PhaseRegistry, TERMINAL_PHASE } from './phases.js';
import { quote } from './signal.js';

export const RULE_IDS = [
  'status-not-allowed',
  'target-not-allowed',
  'wait-changes-phase',
  'wait-not-allowed',
  'blocked-changes-phase',
  'done-outside-done',
  'no-signal',
  'invalid-signal',
  'budget-exhausted',
  'spend-exhausted',
  'no-progress',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** SPEC §2 rule number for each rule id. */
export const RULE_NUMBERS: Readonly<Record<RuleId, number>> = {
  'status-not-allowed': 1,
  'target-not-allowed': 2,
  'wait-changes-phase': 3,
  'wait-not-allowed': 3,
  'blocked-changes-phase': 4,
  'done-outside-done': 5,
  'no-signal': 6,
  'invalid-signal': 7,
  'budget-exhausted': 8,
  'spend-exhausted': 8,
  'no-progress': 8,
};

function refuse(rule: RuleId, text: string, needs: BlockNeed = 'human_decision'): Block {
  return { rule, reason: `rule ${RULE_NUMBERS[rule]} (${rule}): ${text}`, needs };
}

const list = (items: readonly string[]): string => (items.length ? items.join(', ') : 'none');

/** Explains why `event`, signalled in `phase`, is not an allowed move. */
export function explainRejection(registry: PhaseRegistry, phase: Phase, event: SignalEvent): Block {
  const spec = registry[phase];
  if (event.type === 'signal.invalid') return refuse('invalid-signal', event.problem, 'error_resolution');
  const status = event.type.slice('signal.'.length);
  if (event.type === 'signal.done' && phase !== TERMINAL_PHASE) {
    return refuse('done-outside-done', `'done' is only allowed in '${TERMINAL_PHASE}', not in '${phase}'`);
  }
  if (!(spec.signals as readonly string[]).includes(status)) {
    return refuse(
      'status-not-allowed',
      `'${status}' is not allowed in '${phase}' (allowed: ${list(spec.signals)})`,
    );
  }
  const target = event.target ?? phase;
  switch (event.type) {
    case 'signal.continue':
      return refuse(
        'target-not-allowed',
        `'continue' from '${phase}' cannot go to '${target}' (allowed: ${list([phase, ...spec.next])})`,
      );
    case 'signal.waiting':
      if (target !== phase) {
        return refuse(
          'wait-changes-phase',
          `'waiting' never changes phase, but it named '${target}' from '${phase}'`,
        );
      }
      return refuse(
        'wait-not-allowed',
        `'${phase}' cannot wait for '${event.for}' (allowed: ${list(spec.waits)})`,
      );
    case 'signal.blocked':
      return refuse(
        'blocked-changes-phase',
        `'blocked' never changes phase, but it named '${target}' from '${phase}'; the agent said: ${quote(event.reason)}`,
        event.needs,
      );
    case 'signal.done':
      return refuse('done-outside-done', `'done' completes the session and cannot name '${target}'`);
  }
}

/** `granted`: iterations earlier runs added by resuming after this block. */
export function explainBudget(phase: Phase, spent: number, budget: number, granted = 0): Block {
  const allowed =
    granted > 0
      ? `its budget of ${budget} plus ${granted} granted by earlier runs`
      : `its budget of ${budget}`;
  return refuse(
    'budget-exhausted',
    `'${phase}' has used ${spent} iterations, all that it is allowed (${allowed}); running samocode again allows ${budget} more`,
  );
}

/** The session stops before an iteration that would pass a cost, token or time cap. */
export function explainSpend(over: Overspend, largest: number): Block {
  const budget = over.scope === 'session' ? 'session' : `'${over.scope}' phase`;
  const what = { costUsd: 'cost', tokens: 'token', ms: 'time' }[over.kind];
  return refuse(
    'spend-exhausted',
    `the ${budget} ${what} budget would be passed: spent ${renderAmount(over.kind, over.spent)} of the ${renderAmount(over.kind, over.cap)} cap (the largest attempt so far used ${renderAmount(over.kind, largest)}); run again with --grant ${GRANT_KEY[over.kind]}=<amount> to continue`,
  );
}

export function explainNoProgress(streak: number, phase: Phase): Block {
  return refuse(
    'no-progress',
    `no progress: ${streak} iterations of '${phase}' in a row changed nothing (the worktree's HEAD and git status, the session folder's documents and the signal stayed the same); look at the agent's logs, then run again`,
  );
}

export function explainNoSignal(attempts: number): Block {
  return refuse(
    'no-signal',
    `the agent exited without writing _signal.json in ${attempts} attempt(s), the last one with a reminder`,
    'error_resolution',
  );
}

export function explainSuspensionTooLong(event: AgentLimitedEvent, maxWaitMs: number): string {
  return `usage limit${event.resetsAt ? ` resets at ${event.resetsAt}` : ''}, in ${renderDuration(event.waitMs)}, beyond the ${renderDuration(maxWaitMs)} samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset`;
}
