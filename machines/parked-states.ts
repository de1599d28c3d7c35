/**
 * The sub-states a run stops in, and how a human leaves each one: `resume` (sent by every `run`
 * that restores the session), or `approve` at the gate. A move that starts an iteration again
 * checks the spend caps, and the budget where the phase may have spent it.
 */
import { enter } from './attempt-policy.js';
import {
  type ActionRef,
  all,
  type GuardRef,
  type Move,
  type Moves,
  type PhaseParts,
  type SubStateConfig,
} from './moves.js';
import type { Phase } from './phases.js';
import { HUMAN_WAIT_STATE, type HumanWaitState } from './sub-states.js';

const toRunning: Move = { target: 'running', actions: [{ type: 'recordGrant' }] };
const spendOk = (phase: Phase): GuardRef => ({ type: 'hasSpendBudget', params: { phase, from: phase } });
const blockSpendIn = (phase: Phase): ActionRef => ({ type: 'blockSpend', params: { phase } });

/** Where `--once` stopped after one iteration. */
export const paused = (): SubStateConfig => ({ on: { resume: [toRunning] } satisfies Moves });

/** A wait for a human (answers, an action): present when one of the phase's plain waits parks here. */
export function humanWait(sub: HumanWaitState) {
  return ({ phase, spec }: PhaseParts): SubStateConfig | undefined => {
    const parksHere = spec.waits.some(
      (wait) => wait !== spec.approval?.wait && HUMAN_WAIT_STATE[wait] === sub,
    );
    if (!spec.signals.includes('waiting') || !parksHere) return undefined;
    const on: Moves = {
      resume: [
        {
          guard: all({ type: 'hasBudget', params: { phase } }, spendOk(phase)),
          target: 'running',
          actions: [{ type: 'recordGrant' }, { type: 'clearPark' }],
        },
        {
          guard: { type: 'hasBudget', params: { phase } },
          target: 'blocked',
          actions: [{ type: 'recordGrant' }, blockSpendIn(phase)],
        },
        { target: 'blocked', actions: [{ type: 'blockBudget', params: { phase } }] },
      ],
    };
    return { on };
  };
}

/** The gate: `approve` crosses it (`resume` too when this run auto-approves). */
export function awaitingApproval(parts: PhaseParts): SubStateConfig | undefined {
  if (!parts.spec.approval) return undefined;
  const cross = (extra: readonly GuardRef[]) =>
    parts.spec.next.flatMap((to) =>
      enter(
        parts,
        to,
        [{ type: 'isPendingTarget', params: { target: to } }, ...extra],
        [{ type: 'recordGrant' }, { type: 'clearPark' }],
        'human',
      ),
    );
  const on: Moves = { approve: cross([]), resume: cross([{ type: 'isAutoApprove' }]) };
  return { on };
}

export function blocked({ phase }: PhaseParts): SubStateConfig {
  const on: Moves = {
    resume: [
      {
        guard: spendOk(phase),
        target: 'running',
        actions: [
          { type: 'recordGrant' },
          { type: 'grantBudgetIfSpent', params: { phase } },
          { type: 'clearPark' },
        ],
      },
      { target: 'blocked', reenter: true, actions: [{ type: 'recordGrant' }, blockSpendIn(phase)] },
    ],
  };
  return { on };
}

export function failed({ phase }: PhaseParts): SubStateConfig {
  const on: Moves = {
    resume: [
      { guard: spendOk(phase), target: 'running', actions: [{ type: 'recordGrant' }, { type: 'clearPark' }] },
      { target: 'blocked', actions: [{ type: 'recordGrant' }, blockSpendIn(phase)] },
    ],
  };
  return { on };
}
