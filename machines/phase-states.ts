/**
 * One phase of the session machine, built from its registry entry. The same sub-states exist
 * whatever the run's settings are (a verify command, a fallback provider, `--once`,
 * `--auto-approve` are guard inputs), so a session saved under one setting restores under any
 * other. `SUB_STATE_BUILDERS` is the table of the sub-states' builders:
 *
 * | sub-state        | present in                         | leaves on                                      | tags                                  |
 * |------------------|------------------------------------|------------------------------------------------|---------------------------------------|
 * | running          | every phase                        | a signal (`signal-moves.ts`), or the provider's | iteration.open                        |
 * |                  |                                    | outcome (`attempt-policy.ts`)                  |                                       |
 * | verifying        | the terminal phase                 | `verify.passed` (complete) / `.failed`         | verify.running                        |
 * |                  |                                    | (testing); `resume` with no verify command     |                                       |
 * |                  |                                    | (complete, claimed)                            |                                       |
 * | retrying         | every phase                        | the backoff delay, or `resume`                 | iteration.open, retry.backoff         |
 * | suspended        | every phase                        | the usage-limit wait, or `resume`              | iteration.open, retry.usageLimit      |
 * | paused           | every phase                        | `resume` (a `--once` run stopped here)         | exit.paused                           |
 * | awaitingAnswers  | a phase with a plain `qa_answers`  | `resume` (budget and spend checked)            | exit.waiting, awaits.answers, needs.human |
 * | awaitingAction   | a phase with another plain wait    | `resume` (budget and spend checked)            | exit.waiting, awaits.action, needs.human  |
 * | awaitingApproval | a phase with a gate                | `approve`, or `resume` when auto-approving     | exit.waiting, awaits.approve, needs.human |
 * | blocked          | every phase                        | `resume` (spend checked; grants a budget)      | exit.blocked, needs.human             |
 * | failed           | every phase                        | `resume` (spend checked)                       | exit.failed, iteration.open, needs.human |
 *
 * To add a sub-state: add it to `SUB_STATES` (sub-states.ts), write its builder and put it in the
 * table. Every transition that ends an iteration goes through `endsIteration`, which makes the
 * machine emit `iteration.ended`. Leaving `running` records the attempt (`recordAttempt`);
 * entering it picks the provider of the attempt (`chooseProvider`).
 */

import {
  blockEscalation,
  enter,
  escalation,
  noProgressMove,
  outcomeMoves,
  retrying,
  suspended,
} from './attempt-policy.js';
import type { WorkflowContext } from './context.js';
import {
  type ActionRef,
  COMPLETED_ID,
  endsIteration,
  type Move,
  type Moves,
  type PhaseParts,
  type SubStateConfig,
} from './moves.js';
import { awaitingApproval, blocked, failed, humanWait, paused } from './parked-states.js';
import { TERMINAL_PHASE, VERIFY_RETURN_PHASE } from './phases.js';
import type { VerifyInput } from './receipt.js';
import { blockedMoves, continueMoves, doneMoves, rejected, waitMoves } from './signal-moves.js';
import { SUB_STATE_TAGS, SUB_STATES, type SubState } from './sub-states.js';
import type { ProviderInput } from './workflow-setup.js';

export { MACHINE_ID, type PhaseParts } from './moves.js';

function running(parts: PhaseParts): SubStateConfig {
  const { phase } = parts;
  const ends = (moves: readonly Move[]) => endsIteration(phase, [...moves, rejected(parts)]);
  const continues = continueMoves(parts);
  const on: Moves = {
    'signal.continue': ends(continues.length > 0 ? [noProgressMove(parts), ...continues] : []),
    'signal.waiting': ends(waitMoves(parts)),
    'signal.blocked': ends([...blockEscalation(parts), ...blockedMoves(parts)]),
    'signal.done': ends(doneMoves(parts)),
    'signal.invalid': ends([]),
    ...outcomeMoves(parts),
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
        model: context.escalation ? 'escalation' : 'phase',
        ...(context.escalation ? { escalation: context.escalation } : {}),
        ...(context.verifyFailure ? { verifyFailure: context.verifyFailure } : {}),
        ...(context.rejection === undefined ? {} : { rejection: context.rejection }),
      }),
    },
    exit: [{ type: 'recordAttempt', params: { phase } } satisfies ActionRef],
    on,
  };
}

/**
 * samocode checks the agent's `done` itself: a pass completes the session with a receipt; a
 * failure goes back to the return phase with the output's tail for its agent, budget checked (on
 * the escalation model, when one is configured and the return phase may escalate). A
 * session restored here by a run with no verify command completes as the agent claimed it.
 */
function verifying(parts: PhaseParts): SubStateConfig | undefined {
  if (parts.phase !== TERMINAL_PHASE) return undefined;
  const returns: ActionRef[] = [{ type: 'endVerification' }, { type: 'recordVerifyFailure' }];
  const on: Moves = {
    'verify.passed': [
      { target: COMPLETED_ID, actions: [{ type: 'endVerification' }, { type: 'recordReceipt' }] },
    ],
    'verify.failed': [
      ...escalation(parts, VERIFY_RETURN_PHASE, 'verify', [], returns),
      ...enter(parts, VERIFY_RETURN_PHASE, [], returns, 'iteration'),
    ],
    resume: [{ guard: { type: 'lacksVerify' }, target: COMPLETED_ID, actions: [] }],
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

/** Builds each sub-state of a phase; `undefined` when the phase does not have it. */
export const SUB_STATE_BUILDERS: {
  readonly [S in SubState]: (parts: PhaseParts) => SubStateConfig | undefined;
} = {
  running,
  verifying,
  retrying,
  suspended,
  paused,
  awaitingAnswers: humanWait('awaitingAnswers'),
  awaitingAction: humanWait('awaitingAction'),
  awaitingApproval,
  blocked,
  failed,
};

/** A phase as a compound state: its sub-states, each with its tags. */
export function phaseState(parts: PhaseParts) {
  const states: Partial<Record<SubState, SubStateConfig>> = {};
  for (const sub of SUB_STATES) {
    const config = SUB_STATE_BUILDERS[sub](parts);
    if (config) states[sub] = { ...config, tags: [...SUB_STATE_TAGS[sub]] };
  }
  return { initial: 'running' satisfies SubState, states };
}
