/** One sentence for the end of a run: what happened and what to do next. Pure. */

import { renderState, type StateOf } from '../../machines/state-value.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import { EXIT } from '../cli/exit-codes.js';

export interface EndPlace {
  readonly sessionName: string;
  readonly configPath: string;
}

export function renderEndMessage(
  exitCode: number,
  state: StateOf,
  context: WorkflowContext,
  place: EndPlace,
): string {
  const args = `--config ${place.configPath} --session ${place.sessionName}`;
  const again = `samocode run ${args}`;
  switch (exitCode) {
    case EXIT.complete:
      if (state.phase === 'completed')
        return `session complete${context.summary ? `: ${context.summary}` : ''}`;
      return `stopped after one iteration in ${renderState(state)}; continue with: ${again}`;
    case EXIT.waiting:
      if (state.sub === 'awaitingApproval') {
        return `the plan waits for approval; read it, then run: samocode approve ${args} (and ${again})`;
      }
      return `waiting for a human (${context.waiting?.for ?? 'input'}${context.waiting?.summary ? `: ${context.waiting.summary}` : ''}); when done, run: ${again}`;
    case EXIT.blocked:
      return `blocked in ${state.phase} (${context.blocked?.needs ?? 'human_decision'}): ${context.blocked?.reason ?? 'no reason recorded'}; resolve it, then run: ${again}`;
    case EXIT.providerFailed:
      return `the provider failed in ${state.phase} (${context.failure?.outcome ?? 'unknown'}): ${context.failure?.message ?? 'no message'}; fix it, then run: ${again}`;
    case EXIT.interrupted:
      return `interrupted in ${renderState(state)}; the iteration runs again with: ${again}`;
    default:
      return `stopped in ${renderState(state)} with exit code ${exitCode}`;
  }
}
