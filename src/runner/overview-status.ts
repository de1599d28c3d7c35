/** The lines samocode owns in `_overview.md`, from the machine state. Pure. */

import type { StateOf } from '../../machines/state-value.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { OverviewStatus } from '../session/overview.js';

export function toOverviewStatus(state: StateOf, context: WorkflowContext | undefined): OverviewStatus {
  const phase = state.phase === 'completed' ? 'done' : state.phase;
  const spent = context?.iterations[phase as keyof WorkflowContext['iterations']] ?? 0;
  return {
    phase: state.phase === 'completed' ? 'completed' : state.phase,
    iteration: state.phase === 'completed' ? spent : spent + 1,
    totalIterations: context?.totalIterations ?? 0,
    blocked: blockedLine(state, context),
  };
}

function blockedLine(state: StateOf, context: WorkflowContext | undefined): string {
  switch (state.sub) {
    case 'blocked':
      return `yes: ${context?.blocked?.reason ?? 'unknown reason'}`;
    case 'awaitingHuman':
      return `waiting_human: ${context?.waiting?.for ?? 'input'}`;
    case 'awaitingApproval':
      return 'waiting_human: plan_approval';
    case 'failed':
      return `failed: ${context?.failure?.message ?? 'provider failed'}`;
    case 'suspended':
      return `suspended: ${context?.suspension?.message ?? 'usage limit'}`;
    default:
      return 'no';
  }
}
