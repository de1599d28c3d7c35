/**
 * The attempt policy, written once and used by every phase: how an iteration starts (the budget,
 * the spend caps, `--once`), what an attempt's outcome does (a reminder after no signal, a retry
 * after a transient failure, a usage-limit suspension or the fallback provider, no progress), and
 * the two timed sub-states a retry waits in. `phase-states.ts` builds each phase's `running`
 * from these; only the phase and its registry entry vary.
 *
 * | outcome of an attempt     | first move that holds                                            |
 * |---------------------------|------------------------------------------------------------------|
 * | `continue`, nothing moved | blocked (no progress), at the workflow's limit                   |
 * | no signal                 | retrying with a reminder (once, attempts left) · blocked         |
 * | transient failure         | retrying after a backoff (attempts left) · failed                |
 * | fatal failure             | failed                                                           |
 * | usage limit               | running again on the fallback (configured, long limit) ·         |
 * |                           | suspended (within the cap) · failed                              |
 *
 * Before a block or a failure a stronger model could change, the section "Escalation" below runs
 * the phase once more on the escalation model (`escalation.ts`), when one is configured.
 */

import { ESCALATING_PHASES, type EscalationCause } from './escalation.js';
import {
  type ActionRef,
  all,
  combine,
  endsIteration,
  type GuardRef,
  type Move,
  type Moves,
  type PhaseParts,
  phaseId,
  type SubStateConfig,
  subStateId,
} from './moves.js';
import type { Phase } from './phases.js';
import { isBudgetChecked } from './registry-graph.js';

/**
 * Moving into phase `to` once `guards` hold: a budget check (when `to` may already have spent
 * iterations) that blocks instead, a spend check that blocks instead, and, after an iteration,
 * a stop in `paused` for `--once`.
 */
export function enter(
  { registry, phase: from }: PhaseParts,
  to: Phase,
  guards: readonly GuardRef[],
  given: readonly ActionRef[],
  after: 'iteration' | 'human',
): Move[] {
  const budget: GuardRef[] = isBudgetChecked(registry, from, to)
    ? [{ type: 'hasBudget', params: { phase: to, spending: from } }]
    : [];
  const money: GuardRef = { type: 'hasSpendBudget', params: { phase: to, from } };
  const into = to === from ? { target: subStateId(to, 'running'), reenter: true } : { target: phaseId(to) };
  const actions = [...given, ...newVisit(from, to)];
  const moves: Move[] = [];
  if (after === 'iteration') {
    moves.push({
      guard: all(...guards, ...budget, money, { type: 'isOnce' }),
      target: subStateId(to, 'paused'),
      actions,
    });
  }
  moves.push({ guard: all(...guards, ...budget, money), ...into, actions });
  moves.push({
    ...withGuard(combine([...guards, ...budget])),
    target: subStateId(to, 'blocked'),
    actions: [...actions, { type: 'blockSpend', params: { phase: to } }],
  });
  if (budget.length > 0) {
    moves.push({
      ...withGuard(combine(guards)),
      target: subStateId(to, 'blocked'),
      actions: [...actions, { type: 'blockBudget', params: { phase: to } }],
    });
  }
  return moves;
}

const withGuard = (guard: Move['guard']): Pick<Move, 'guard'> => (guard === undefined ? {} : { guard });

/** A `continue` that left everything as it was, as many times in a row as the rule allows, blocks. */
export function noProgressMove({ phase }: PhaseParts): Move {
  return {
    guard: { type: 'isStuck', params: { phase } },
    target: 'blocked',
    actions: [{ type: 'blockNoProgress', params: { phase } }],
  };
}

/** What the provider's outcome does, when it is not a signal. */
export function outcomeMoves(parts: PhaseParts): Moves {
  const { phase } = parts;
  const spend: ActionRef = { type: 'spendIteration', params: { phase } };
  return {
    'agent.noSignal': [
      {
        guard: all({ type: 'canRemind' }, { type: 'hasAttemptsLeft' }),
        target: 'retrying',
        actions: [{ type: 'remind' }],
      },
      ...endsIteration(phase, [
        ...escalation(parts, phase, 'no-signal', [], [spend]),
        { target: 'blocked', actions: [{ type: 'blockNoSignal', params: { phase } }] },
      ]),
    ],
    'agent.failed': [
      {
        guard: all({ type: 'isTransient' }, { type: 'hasAttemptsLeft' }),
        target: 'retrying',
        actions: [{ type: 'recordFailure' }],
      },
      ...endsIteration(phase, [
        ...escalation(parts, phase, 'failed', [{ type: 'isModelBound' }], [spend]),
        { target: 'failed', actions: [{ type: 'recordFailure' }] },
      ]),
    ],
    'agent.limited': [
      // A long limit of the primary with a fallback configured: `running` again at once, on the fallback.
      {
        guard: all({ type: 'shouldFallBack' }, { type: 'hasLimitBudget' }),
        target: 'running',
        reenter: true,
        actions: [{ type: 'startFallback' }],
      },
      {
        guard: all({ type: 'isWithinSuspendCap' }, { type: 'hasLimitBudget' }),
        target: 'suspended',
        actions: [{ type: 'recordSuspension' }],
      },
      ...endsIteration(phase, [{ target: 'failed', actions: [{ type: 'failUsageLimit' }] }]),
    ],
  };
}

const toRunning: Move = { target: 'running', actions: [{ type: 'recordGrant' }] };

// Delayed transitions are not restored from a persisted snapshot, so a later run sends `resume`.
export const retrying = (): SubStateConfig => ({
  after: { retryBackoff: 'running' },
  on: { resume: [toRunning] } satisfies Moves,
});

export const suspended = (): SubStateConfig => ({
  after: { usageLimitWait: 'running' },
  on: { resume: [toRunning] } satisfies Moves,
});

// ── Escalation ────────────────────────────────────────────────────────────────────────────────

/** Moving to another phase starts a new visit of it, which may escalate once again. */
const newVisit = (from: Phase, to: Phase): ActionRef[] => (to === from ? [] : [{ type: 'resetEscalation' }]);

/**
 * One escalation before a block (`escalation.ts`): once `guards` hold, the iteration that would
 * have stopped the session ends (its `actions` count it) and the next iteration of `to` runs on
 * the escalation model, when this visit of `to` has not escalated yet and its budget and the spend
 * caps allow one more iteration; otherwise the moves after these apply. `--once` stops in `paused`
 * first, and the escalated iteration runs when the session is continued.
 */
export function escalation(
  { phase: from }: PhaseParts,
  to: Phase,
  cause: EscalationCause,
  guards: readonly GuardRef[],
  actions: readonly ActionRef[],
): Move[] {
  const checks: GuardRef[] = [
    ...guards,
    { type: 'canEscalate', params: { phase: to } },
    { type: 'hasBudget', params: { phase: to, spending: from } },
    { type: 'hasSpendBudget', params: { phase: to, from } },
  ];
  const escalate: ActionRef = { type: 'escalate', params: { phase: to, cause } };
  const escalated = [...actions, ...newVisit(from, to), escalate];
  const into = to === from ? { target: subStateId(to, 'running'), reenter: true } : { target: phaseId(to) };
  return [
    { guard: all(...checks, { type: 'isOnce' }), target: subStateId(to, 'paused'), actions: escalated },
    { guard: all(...checks), ...into, actions: escalated },
  ];
}

/** The agent's own `blocked` in a phase that writes or tests the code, for a reason a stronger model could lift. */
export function blockEscalation(parts: PhaseParts): Move[] {
  const { phase, spec } = parts;
  if (!ESCALATING_PHASES.includes(phase) || !spec.signals.includes('blocked')) return [];
  return escalation(
    parts,
    phase,
    'blocked',
    [{ type: 'staysIn', params: { phase } }, { type: 'isModelBound' }],
    [{ type: 'spendIteration', params: { phase } }],
  );
}
