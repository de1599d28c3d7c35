/**
 * One phase of the session machine, built from its registry entry. Each sub-state has its own
 * small builder; `SUB_STATE_BUILDERS` is the table of them:
 *
 * | sub-state        | present when                  | leaves on                                         | exit tag     |
 * |------------------|-------------------------------|---------------------------------------------------|--------------|
 * | running          | always                        | a signal, or the provider's outcome (a long usage | –            |
 * |                  |                               | limit with a fallback: `running` again, on it)    |              |
 * | verifying        | terminal phase, VERIFY set    | `verify.passed` (complete) / `.failed` (testing)  | –            |
 * | retrying         | always                        | the backoff delay, or `resume`                    | –            |
 * | suspended        | always                        | the usage-limit wait, or `resume`                 | –            |
 * | paused           | always                        | `resume` (a `--once` run stopped here)            | exit.paused  |
 * | awaitingHuman    | a wait other than the gate's  | `resume` (budget and spend checked)               | exit.waiting |
 * | awaitingApproval | the phase has a gate          | `approve`, or `resume` when auto-approving        | exit.waiting |
 * | blocked          | always                        | `resume` (spend checked; grants another budget)   | exit.blocked |
 * | failed           | always                        | `resume` (spend checked)                          | exit.failed  |
 *
 * To add a sub-state: add it to `SUB_STATES` (sub-states.ts), write its builder here and put it
 * in the table. Every transition that ends an iteration goes through `endsIteration`, which
 * makes the machine emit `iteration.ended`. Every move that starts an iteration checks the spend
 * caps (`hasSpendBudget`); leaving `running` records the attempt's usage (`recordAttempt`), and
 * entering it picks the provider of the attempt (`chooseProvider`).
 */

import type { WorkflowContext } from './context.js';
import type { Phase, PhaseRegistry, PhaseSpec } from './phases.js';
import { TERMINAL_PHASE, VERIFY_RETURN_PHASE } from './phases.js';
import type { VerifyInput } from './receipt.js';
import { isBudgetCheckedWithVerify } from './registry-graph.js';
import type { WorkflowSettings } from './settings.js';
import { SUB_STATE_TAGS, SUB_STATES, type SubState } from './sub-states.js';
import {
  type ActionRef,
  all,
  type GuardRef,
  type Move,
  type Moves,
  type ProviderInput,
  type SubStateConfig,
} from './workflow-setup.js';

/** What each sub-state builder knows about its phase. */
export interface PhaseParts {
  readonly registry: PhaseRegistry;
  readonly settings: WorkflowSettings;
  readonly phase: Phase;
  readonly spec: PhaseSpec;
}

export const MACHINE_ID = 'samocode';
const phaseId = (phase: Phase): string => `#${MACHINE_ID}.${phase}`;
const subStateId = (phase: Phase, sub: SubState): string => `${phaseId(phase)}.${sub}`;

const combine = (guards: readonly GuardRef[]): Move['guard'] =>
  guards.length === 1 ? guards[0] : all(...guards);

/** Marks moves as ending the iteration of `phase`: they emit `iteration.ended` first. */
function endsIteration({ phase }: PhaseParts, moves: readonly Move[]): Move[] {
  const end: ActionRef = { type: 'endIteration', params: { phase } };
  return moves.map((move) => ({ ...move, actions: [end, ...move.actions] }));
}

/**
 * Moving into phase `to` once `guards` hold: a budget check (when `to` may already have spent
 * iterations) that blocks instead, and, after an iteration, a stop in `paused` for `--once`.
 */
function enter(
  { registry, settings, phase: from }: PhaseParts,
  to: Phase,
  guards: readonly GuardRef[],
  actions: readonly ActionRef[],
  after: 'iteration' | 'human',
): Move[] {
  const budget: GuardRef[] = isBudgetCheckedWithVerify(registry, settings.verify, from, to)
    ? [{ type: 'hasBudget', params: { phase: to, spending: from } }]
    : [];
  const money: GuardRef = { type: 'hasSpendBudget', params: { phase: to, from } };
  const into = to === from ? { target: subStateId(to, 'running'), reenter: true } : { target: phaseId(to) };
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
    guard: combine([...guards, ...budget]),
    target: subStateId(to, 'blocked'),
    actions: [...actions, { type: 'blockSpend', params: { phase: to } }],
  });
  if (budget.length > 0) {
    moves.push({
      guard: combine(guards),
      target: subStateId(to, 'blocked'),
      actions: [...actions, { type: 'blockBudget', params: { phase: to } }],
    });
  }
  return moves;
}

const spendIn = (phase: Phase): ActionRef => ({ type: 'spendIteration', params: { phase } });
const autoApproved: readonly ActionRef[] = [{ type: 'markAutoApproved' }];

/** `continue` to the phase itself or a next phase; a gated phase parks at the gate instead. */
function continueMoves(parts: PhaseParts): Move[] {
  const { phase, spec } = parts;
  if (!spec.signals.includes('continue')) return [];
  return [phase, ...spec.next].flatMap((to) => {
    const guard: GuardRef = { type: 'isContinueTo', params: { from: phase, to } };
    if (to === phase || !spec.approval) return enter(parts, to, [guard], [spendIn(phase)], 'iteration');
    return [
      ...enter(parts, to, [guard, { type: 'isAutoApprove' }], [spendIn(phase), ...autoApproved], 'iteration'),
      {
        guard,
        target: 'awaitingApproval',
        actions: [spendIn(phase), { type: 'setPending', params: { target: to } }],
      },
    ];
  });
}

/** `waiting` for one of the phase's reasons: the gate's reason asks for approval, others for a human. */
function waitMoves(parts: PhaseParts): Move[] {
  const { phase, spec } = parts;
  if (!spec.signals.includes('waiting')) return [];
  return spec.waits.flatMap((wait): Move[] => {
    const guard: GuardRef = { type: 'isWaitFor', params: { from: phase, for: wait } };
    if (spec.approval?.wait !== wait) {
      return [{ guard, target: 'awaitingHuman', actions: [spendIn(phase), { type: 'recordWaiting' }] }];
    }
    const to = spec.approval.to;
    return [
      ...enter(parts, to, [guard, { type: 'isAutoApprove' }], [spendIn(phase), ...autoApproved], 'iteration'),
      {
        guard,
        target: 'awaitingApproval',
        actions: [spendIn(phase), { type: 'recordWaiting' }, { type: 'setPending', params: { target: to } }],
      },
    ];
  });
}

function blockedMoves({ phase, spec }: PhaseParts): Move[] {
  if (!spec.signals.includes('blocked')) return [];
  return [
    {
      guard: { type: 'staysIn', params: { phase } },
      target: 'blocked',
      actions: [{ type: 'recordAgentBlock', params: { phase } }],
    },
  ];
}

/** `done` completes the session, or first goes to `verifying` when a verify command is configured. */
function doneMoves({ phase, spec, settings }: PhaseParts): Move[] {
  if (phase !== TERMINAL_PHASE || !spec.signals.includes('done')) return [];
  return [
    {
      guard: { type: 'staysIn', params: { phase } },
      target: settings.verify ? 'verifying' : `#${MACHINE_ID}.completed`,
      actions: [spendIn(phase), { type: 'recordSummary' }],
    },
  ];
}

/** Any signal no other move took: blocked, naming the rule it broke. */
const rejected = ({ phase }: PhaseParts): Move => ({
  target: 'blocked',
  actions: [{ type: 'rejectSignal', params: { phase } }],
});

/**
 * With a fallback configured, a usage limit of the primary that resets far enough ahead retries
 * the attempt at once on the fallback (`running` is entered again and picks the provider).
 */
function fallbackMoves({ settings }: PhaseParts): Move[] {
  if (settings.fallbackAfterMs === undefined) return [];
  return [
    {
      guard: all({ type: 'shouldFallBack' }, { type: 'hasLimitBudget' }),
      target: 'running',
      reenter: true,
      actions: [{ type: 'startFallback' }],
    },
  ];
}

function running(parts: PhaseParts): SubStateConfig {
  const { phase } = parts;
  const ends = (moves: readonly Move[]) => endsIteration(parts, [...moves, rejected(parts)]);
  const on: Moves = {
    'signal.continue': ends(continueMoves(parts)),
    'signal.waiting': ends(waitMoves(parts)),
    'signal.blocked': ends(blockedMoves(parts)),
    'signal.done': ends(doneMoves(parts)),
    'signal.invalid': ends([]),
    'agent.noProgress': endsIteration(parts, [
      { target: 'blocked', actions: [{ type: 'blockNoProgress', params: { phase } }] },
    ]),
    'agent.noSignal': [
      {
        guard: all({ type: 'canRemind' }, { type: 'hasAttemptsLeft' }),
        target: 'retrying',
        actions: [{ type: 'remind' }],
      },
      ...endsIteration(parts, [
        { target: 'blocked', actions: [{ type: 'blockNoSignal', params: { phase } }] },
      ]),
    ],
    'agent.failed': [
      {
        guard: all({ type: 'isTransient' }, { type: 'hasAttemptsLeft' }),
        target: 'retrying',
        actions: [{ type: 'recordFailure' }],
      },
      ...endsIteration(parts, [{ target: 'failed', actions: [{ type: 'recordFailure' }] }]),
    ],
    'agent.limited': [
      ...fallbackMoves(parts),
      {
        guard: all({ type: 'isWithinSuspendCap' }, { type: 'hasLimitBudget' }),
        target: 'suspended',
        actions: [{ type: 'recordSuspension' }],
      },
      ...endsIteration(parts, [{ target: 'failed', actions: [{ type: 'failUsageLimit' }] }]),
    ],
  };
  return {
    entry: [{ type: 'chooseProvider' } satisfies ActionRef],
    invoke: {
      id: 'provider',
      src: 'provider',
      input: ({ context }: { context: WorkflowContext }): ProviderInput => ({
        phase,
        iteration: context.totalIterations + 1,
        attempt: context.attempt,
        reminder: context.reminded,
        provider: context.provider ?? 'primary',
        ...(context.progress ? { progress: context.progress } : {}),
        ...(context.verifyFailure ? { verifyFailure: context.verifyFailure } : {}),
      }),
    },
    exit: [{ type: 'recordAttempt', params: { phase } } satisfies ActionRef],
    on,
  };
}

/**
 * samocode checks the agent's `done` itself: a pass completes the session with a receipt; a
 * failure goes back to the return phase with the output's tail for its agent, budget checked.
 */
function verifying(parts: PhaseParts): SubStateConfig | undefined {
  if (parts.phase !== TERMINAL_PHASE || !parts.settings.verify) return undefined;
  const on: Moves = {
    'verify.passed': [
      {
        target: `#${MACHINE_ID}.completed`,
        actions: [{ type: 'endVerification' }, { type: 'recordReceipt' }],
      },
    ],
    'verify.failed': enter(
      parts,
      VERIFY_RETURN_PHASE,
      [],
      [{ type: 'endVerification' }, { type: 'recordVerifyFailure' }],
      'iteration',
    ),
  };
  return {
    invoke: {
      id: 'verifier',
      src: 'verifier',
      input: ({ context }: { context: WorkflowContext }): VerifyInput => ({
        iteration: context.totalIterations,
      }),
    },
    on,
  };
}

const toRunning: Move = { target: 'running', actions: [{ type: 'recordGrant' }] };
const spendOk = (phase: Phase): GuardRef => ({ type: 'hasSpendBudget', params: { phase, from: phase } });
const blockSpendIn = (phase: Phase): ActionRef => ({ type: 'blockSpend', params: { phase } });

// Delayed transitions are not restored from a persisted snapshot, so a later run sends `resume`.
const retrying = (): SubStateConfig => ({
  after: { retryBackoff: 'running' },
  on: { resume: [toRunning] } satisfies Moves,
});

const suspended = (): SubStateConfig => ({
  after: { usageLimitWait: 'running' },
  on: { resume: [toRunning] } satisfies Moves,
});

const paused = (): SubStateConfig => ({ on: { resume: [toRunning] } satisfies Moves });

function awaitingHuman({ phase, spec }: PhaseParts): SubStateConfig | undefined {
  const hasHumanWait =
    spec.signals.includes('waiting') && spec.waits.some((wait) => wait !== spec.approval?.wait);
  if (!hasHumanWait) return undefined;
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
}

function awaitingApproval(parts: PhaseParts): SubStateConfig | undefined {
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

function blocked({ phase }: PhaseParts): SubStateConfig {
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

function failed({ phase }: PhaseParts): SubStateConfig {
  const on: Moves = {
    resume: [
      { guard: spendOk(phase), target: 'running', actions: [{ type: 'recordGrant' }, { type: 'clearPark' }] },
      { target: 'blocked', actions: [{ type: 'recordGrant' }, blockSpendIn(phase)] },
    ],
  };
  return { on };
}

/** Builds each sub-state of a phase; `undefined` when the phase does not have it. */
export const SUB_STATE_BUILDERS: {
  readonly [S in SubState]: (parts: PhaseParts) => SubStateConfig | undefined;
} = { running, verifying, retrying, suspended, paused, awaitingHuman, awaitingApproval, blocked, failed };

/** A phase as a compound state: its sub-states, each with its exit tags. */
export function phaseState(parts: PhaseParts) {
  const states: Partial<Record<SubState, SubStateConfig>> = {};
  for (const sub of SUB_STATES) {
    const config = SUB_STATE_BUILDERS[sub](parts);
    if (config) states[sub] = { ...config, tags: [...SUB_STATE_TAGS[sub]] };
  }
  return { initial: 'running' satisfies SubState, states };
}
