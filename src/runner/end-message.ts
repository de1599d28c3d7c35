/** One sentence for the end of a run: what happened and what to do next. Pure. */

import { renderState, type StateOf, type SubState } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import { EXIT } from '../cli/exit-codes.js';
import { completionOf, describeCompletion } from '../verify/completion-text.js';
import type { WorkState } from '../verify/work-state.js';

export interface EndPlace {
  readonly sessionName: string;
  readonly configPath: string;
}

interface Said {
  readonly state: StateOf;
  readonly context: WorkflowContext;
  readonly args: string;
  readonly again: string;
  readonly exitCode: number;
}

const stoppedIn = ({ state, exitCode }: Said) =>
  `stopped in ${renderState(state)} with exit code ${exitCode}`;

/** What a run that stopped in each sub-state says. */
const SAID_IN: Readonly<Record<SubState, (said: Said) => string>> = {
  running: stoppedIn,
  verifying: stoppedIn,
  retrying: stoppedIn,
  suspended: stoppedIn,
  paused: ({ state, again }) =>
    `stopped after one iteration in ${renderState(state)}; continue with: ${again}`,
  awaitingHuman: ({ context, again }) =>
    `waiting for a human (${context.waiting?.for ?? 'input'}${context.waiting?.summary ? `: ${context.waiting.summary}` : ''}); when done, run: ${again}`,
  awaitingApproval: ({ args, again }) =>
    `the plan waits for approval; read it, then run: samocode approve ${args} (and ${again})`,
  blocked: ({ state, context, again }) =>
    `blocked in ${state.phase} (${context.blocked?.needs ?? 'human_decision'}): ${context.blocked?.reason ?? 'no reason recorded'}; resolve it, then run: ${again}`,
  failed: ({ state, context, again }) =>
    `the provider failed in ${state.phase} (${context.failure?.outcome ?? 'unknown'}): ${context.failure?.message ?? 'no message'}; fix it, then run: ${again}`,
};

export function renderEndMessage(
  exitCode: number,
  state: StateOf,
  context: WorkflowContext,
  place: EndPlace,
  work?: WorkState,
): string {
  const args = `--config ${place.configPath} --session ${place.sessionName}`;
  const again = `samocode run ${args}`;
  if (exitCode === EXIT.interrupted) {
    return `interrupted in ${renderState(state)}; the iteration runs again with: ${again}`;
  }
  if (state.sub === undefined) {
    const completion = describeCompletion(completionOf(context.receipt, work));
    return `session ${completion}${context.summary ? `; summary: ${context.summary}` : ''}`;
  }
  return SAID_IN[state.sub]({ state, context, args, again, exitCode });
}
