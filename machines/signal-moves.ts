/**
 * What each signal does in a phase, generated from its registry entry (SPEC §2): `continue` to
 * the phase or a next one (a gated phase parks at the gate), `waiting` for one of its waits,
 * `blocked`, `done` in the terminal phase; anything else is refused with the rule it broke.
 */
import { enter } from './attempt-policy.js';
import { all, COMPLETED_ID, type GuardRef, type Move, type PhaseParts } from './moves.js';
import type { Phase } from './phases.js';
import { TERMINAL_PHASE } from './phases.js';
import { HUMAN_WAIT_STATE } from './sub-states.js';

const spendIn = (phase: Phase) => ({ type: 'spendIteration', params: { phase } }) as const;
const autoApproved = [{ type: 'markAutoApproved' }] as const;

/** `continue` to the phase itself or a next phase; a gated phase parks at the gate instead. */
export function continueMoves(parts: PhaseParts): Move[] {
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

/** `waiting` for one of the phase's reasons: the gate's reason asks for approval, others park for a human. */
export function waitMoves(parts: PhaseParts): Move[] {
  const { phase, spec } = parts;
  if (!spec.signals.includes('waiting')) return [];
  return spec.waits.flatMap((wait): Move[] => {
    const guard: GuardRef = { type: 'isWaitFor', params: { from: phase, for: wait } };
    if (spec.approval?.wait !== wait) {
      return [
        { guard, target: HUMAN_WAIT_STATE[wait], actions: [spendIn(phase), { type: 'recordWaiting' }] },
      ];
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

export function blockedMoves({ phase, spec }: PhaseParts): Move[] {
  if (!spec.signals.includes('blocked')) return [];
  return [
    {
      guard: { type: 'staysIn', params: { phase } },
      target: 'blocked',
      actions: [{ type: 'recordAgentBlock', params: { phase } }],
    },
  ];
}

/** `done` completes the session; with a verify command configured, samocode checks it in `verifying` first. */
export function doneMoves({ phase, spec }: PhaseParts): Move[] {
  if (phase !== TERMINAL_PHASE || !spec.signals.includes('done')) return [];
  const actions = [spendIn(phase), { type: 'recordSummary' }] as const;
  const stays: GuardRef = { type: 'staysIn', params: { phase } };
  return [
    { guard: all(stays, { type: 'hasVerify' }), target: 'verifying', actions },
    { guard: stays, target: COMPLETED_ID, actions },
  ];
}

/** Any signal no other move took: blocked, naming the rule it broke. */
export const rejected = ({ phase }: PhaseParts): Move => ({
  target: 'blocked',
  actions: [{ type: 'rejectSignal', params: { phase } }],
});
