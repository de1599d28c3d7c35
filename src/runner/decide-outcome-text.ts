/**
 * What a decision given outside a run came to, in the words every channel uses (the CLI prints
 * them, the dashboard shows them): `ok` when it was applied, handed to the waiting run or
 * recorded for it; not ok when nothing changed (a closed or already decided gate, no gate). Pure.
 */
import { renderState } from '../../machines/sub-states.js';
import { renderAlreadyDecided, renderDecision, renderGateClosed } from '../gates/decision-text.js';
import type { DecideOutcome, DecideRequest } from './decide-gate.js';

/** What the gate is, in the refusal when the session is at none. */
const AWAITED: Readonly<Record<DecideRequest['action'], string>> = {
  approve: 'not waiting for plan approval or a human action',
  reject: 'not waiting for plan approval',
  answer: 'not waiting for answers',
  grant: 'not blocked by a budget a grant lifts',
};

export interface OutcomeWords {
  readonly action: DecideRequest['action'];
  readonly folder: string;
  /** The command that continues the session. */
  readonly run: string;
  /** The last decision its history records (a gate passed a moment ago), with its gate id. */
  readonly lastDecision?: string;
}

export function sayDecideOutcome(
  outcome: DecideOutcome,
  words: OutcomeWords,
): { readonly ok: boolean; readonly text: string } {
  const { action, folder, run, lastDecision } = words;
  switch (outcome.kind) {
    case 'applied': {
      const { after } = outcome;
      const head =
        action === 'approve' && outcome.decision.gateId.endsWith('-approval')
          ? `approved the plan: ${after.state.phase} is next`
          : `${renderDecision(outcome.decision)}: the session is in ${renderState(after.state)}`;
      return { ok: true, text: `${head}; continue with: ${run}` };
    }
    case 'handed-over':
      return {
        ok: true,
        text: `${renderDecision(outcome.decision)}: the run waiting at the gate${outcome.holder ? ` (pid ${outcome.holder.pid})` : ''} took it and goes on`,
      };
    case 'pending':
      return {
        ok: true,
        text: `${renderDecision(outcome.decision)}: recorded for ${outcome.decision.gateId}; the run that holds the session${outcome.holder ? ` (pid ${outcome.holder.pid})` : ''} applies it at the gate, as will the next run`,
      };
    case 'already-decided':
      return {
        ok: false,
        text: `${renderAlreadyDecided(outcome.decision)}; ${outcome.applied ? 'that decision is applied now' : 'nothing changed'}`,
      };
    case 'closed':
      return {
        ok: false,
        text: `${outcome.gateId}: ${renderGateClosed(outcome.decision)}; nothing changed${outcome.open ? ` (the session is at gate ${outcome.open.id})` : ''}`,
      };
    case 'no-gate': {
      const last = lastDecision === undefined ? '' : `; the last decision: ${lastDecision}`;
      return {
        ok: false,
        text: `session ${folder} is ${outcome.state}, ${AWAITED[action]}; nothing to ${action}${last} (see samocode status)`,
      };
    }
    case 'refused':
      return { ok: false, text: `${action} refused: ${outcome.reason}` };
  }
}
