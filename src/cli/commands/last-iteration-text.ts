/** The `last iteration:` line of `status`: how the newest history row ended, in plain words. Pure. */
import type { WorkflowEventType } from '../../../machines/events.js';
import {
  EVENT_WORDS,
  isOutcomeKind,
  isWorkflowEventType,
  OUTCOME_WORDS,
  plural,
  withoutRulePrefix,
} from '../../view/view-words.js';

/** The fields of the newest history row that `status` shows (and `status --json` carries). */
export interface LastIteration {
  readonly time: string;
  readonly iteration: number;
  readonly sourcePhase: string;
  /** The machine event that ended it (`signal.continue`, `agent.failed`, …). */
  readonly event: string;
  readonly accepted: boolean;
  readonly rawSignal: string | null;
  /** Why a signal was refused: the rule id and the machine's reason. */
  readonly rejection: { readonly rule: string; readonly reason: string } | null;
  /** The provider that ran the iteration's last attempt. */
  readonly provider: string;
  readonly isFallback: boolean;
  readonly outcome: string;
  readonly attempts: number;
}

const FAILED: WorkflowEventType = 'agent.failed';
/** An iteration that ended without a signal: the provider's outcome says how. */
const endedWithoutSignal = (last: LastIteration): boolean =>
  last.rawSignal === null && (last.event.startsWith('agent.') || !isWorkflowEventType(last.event));

/**
 * `#3 in planning: the agent signalled continue (accepted; ran on claude)`, or
 * `#1 in init: the provider CLI ended without a result (3 attempts; ran on claude)`;
 * `verbose` adds the machine's event name.
 */
export function renderLastIteration(last: LastIteration, verbose = false): string {
  const words = isWorkflowEventType(last.event) ? EVENT_WORDS[last.event] : last.event;
  const machine = verbose ? ` [${last.event}]` : '';
  const ranOn = `ran on ${last.provider}${last.isFallback ? ', the fallback' : ''}`;
  const where = `#${last.iteration} in ${last.sourcePhase}`;
  if (last.event.startsWith('verify.')) return `${where}: ${words}${machine}`;
  if (endedWithoutSignal(last)) {
    const what = last.event === FAILED && isOutcomeKind(last.outcome) ? OUTCOME_WORDS[last.outcome] : words;
    return `${where}: ${what} (${plural(last.attempts, 'attempt')}; ${ranOn})${machine}`;
  }
  const refused = last.rejection
    ? `refused: ${withoutRulePrefix(last.rejection.rule, last.rejection.reason)}`
    : 'refused';
  return `${where}: ${words} (${last.accepted ? 'accepted' : refused}; ${ranOn})${machine}`;
}
