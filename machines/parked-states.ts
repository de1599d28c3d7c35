/**
 * The sub-states a run stops in, and how a human leaves each one: `resume` (sent by every `run`
 * that restores the session), `approve` at the gate, or `resume` with a rejection of the plan. A
 * move that starts an iteration again checks the spend caps, and the budget where the phase may
 * have spent it. Entering a human gate (a wait, or a block a grant lifts) opens the next gate
 * number (`openGate`): a decision names the gate it was given for.
 */
import { enter } from './attempt-policy.js';
import {
  type ActionRef,
  all,
  combine,
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
const openGate: ActionRef = { type: 'openGate' };
const withGuard = (guard: Move['guard']): Pick<Move, 'guard'> => (guard === undefined ? {} : { guard });

/**
 * Running the phase again after a human acted (`extra` guards the event): budget and spend
 * checked, blocked when either is spent. `actions` run when it runs.
 */
function runAgain(phase: Phase, extra: readonly GuardRef[], actions: readonly ActionRef[]): Move[] {
  const budget: GuardRef = { type: 'hasBudget', params: { phase } };
  return [
    {
      guard: all(...extra, budget, spendOk(phase)),
      target: 'running',
      actions: [{ type: 'recordGrant' }, { type: 'clearPark' }, ...actions],
    },
    {
      guard: combine([...extra, budget]),
      target: 'blocked',
      actions: [{ type: 'recordGrant' }, blockSpendIn(phase)],
    },
    {
      ...withGuard(combine(extra)),
      target: 'blocked',
      actions: [{ type: 'blockBudget', params: { phase } }],
    },
  ];
}

/** Where `--once` stopped after one iteration. */
export const paused = (): SubStateConfig => ({ on: { resume: [toRunning] } satisfies Moves });

/** A wait for a human (answers, an action): present when one of the phase's plain waits parks here. */
export function humanWait(sub: HumanWaitState) {
  return ({ phase, spec }: PhaseParts): SubStateConfig | undefined => {
    const parksHere = spec.waits.some(
      (wait) => wait !== spec.approval?.wait && HUMAN_WAIT_STATE[wait] === sub,
    );
    if (!spec.signals.includes('waiting') || !parksHere) return undefined;
    const on: Moves = { resume: runAgain(phase, [], []) };
    return { entry: [openGate], on };
  };
}

/**
 * The gate: `approve` crosses it (`resume` too when this run auto-approves); a `resume` that
 * rejects the plan runs the phase again with the reason (`recordRejection`), before any auto-approval.
 */
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
  const reject = runAgain(parts.phase, [{ type: 'isRejection' }], [{ type: 'recordRejection' }]);
  const on: Moves = { approve: cross([]), resume: [...reject, ...cross([{ type: 'isAutoApprove' }])] };
  return { entry: [openGate], on };
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
  return { entry: [{ type: 'openGrantGate' }], on };
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
