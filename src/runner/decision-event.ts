/**
 * What a recorded decision does to the machine: the human event it sends, with the decision's
 * facts for its history row. Which decisions a gate takes is said here once: a plan is approved or
 * rejected, questions are answered, a human action is confirmed done (`approve`), a budget block
 * is lifted by a grant. Pure.
 *
 * @example
 * toDecisionEvent({ gateId: 's/g2-approval', action: 'reject', payload: { reason: 'too big' }, … }, 'approval')
 * // { ok: true, event: { type: 'resume', rejection: 'too big', decision: { gateId: 's/g2-approval', … } } }
 */
import type { DecisionFacts, HumanEvent } from '../../machines/events.js';
import type { GateKind } from '../../machines/state-meaning.js';
import { parseGrant } from '../config/grant.js';
import { isSamocodeError } from '../errors.js';
import type { Decision, DecisionAction } from '../gates/decision.js';

/** The decisions each gate kind takes. */
export const ACTIONS_OF_GATE: Readonly<Record<GateKind, readonly DecisionAction[]>> = {
  approval: ['approve', 'reject'],
  answers: ['answer'],
  action: ['approve'],
  grant: ['grant'],
};

/** What the planning agent reads when a plan was rejected without a reason. */
export const NO_REASON = "no reason given; look for notes under the plan's ## Feedback heading";

export type DecisionEvent =
  | { readonly ok: true; readonly event: HumanEvent }
  | { readonly ok: false; readonly problem: string };

export function toDecisionFacts(decision: Decision): DecisionFacts {
  const { gateId, action, channel, who, at } = decision;
  return { gateId, action, channel, who, at };
}

export function toDecisionEvent(decision: Decision, kind: GateKind): DecisionEvent {
  const allowed = ACTIONS_OF_GATE[kind];
  if (!allowed.includes(decision.action))
    return {
      ok: false,
      problem: `${decision.action} does not decide a gate of kind ${kind} (it takes ${allowed.join(' or ')})`,
    };
  const facts = toDecisionFacts(decision);
  switch (decision.action) {
    case 'approve':
      return {
        ok: true,
        event:
          kind === 'approval' ? { type: 'approve', decision: facts } : { type: 'resume', decision: facts },
      };
    case 'reject':
      return {
        ok: true,
        event: { type: 'resume', rejection: decision.payload?.reason?.trim() || NO_REASON, decision: facts },
      };
    case 'grant': {
      const text = decision.payload?.grant;
      if (text === undefined) return { ok: true, event: { type: 'resume', decision: facts } };
      try {
        return { ok: true, event: { type: 'resume', grant: parseGrant(text), decision: facts } };
      } catch (error) {
        if (isSamocodeError(error)) return { ok: false, problem: error.message };
        throw error;
      }
    }
    default:
      return { ok: true, event: { type: 'resume', decision: facts } };
  }
}
