/** The lines samocode owns in `_overview.md`, from the machine state. Pure. */

import { TERMINAL_PHASE } from '../../machines/phases.js';
import { COMPLETED, type StateOf, type SubState } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { OverviewStatus } from '../session/overview.js';

type Context = WorkflowContext | undefined;

/** The `Blocked:` line for each sub-state. */
const BLOCKED_LINE: Readonly<Record<SubState, (context: Context) => string>> = {
  running: () => 'no',
  verifying: () => 'no',
  retrying: () => 'no',
  paused: () => 'no',
  suspended: (context) => `suspended: ${context?.suspension?.message ?? 'usage limit'}`,
  awaitingHuman: (context) => `waiting_human: ${context?.waiting?.for ?? 'input'}`,
  awaitingApproval: () => 'waiting_human: plan_approval',
  blocked: (context) => `yes: ${context?.blocked?.reason ?? 'unknown reason'}`,
  failed: (context) => `failed: ${context?.failure?.message ?? 'provider failed'}`,
};

export function toOverviewStatus(state: StateOf, context: Context): OverviewStatus {
  if (state.sub === undefined) {
    return {
      phase: COMPLETED,
      iteration: context?.iterations[TERMINAL_PHASE] ?? 0,
      totalIterations: context?.totalIterations ?? 0,
      blocked: 'no',
    };
  }
  return {
    phase: state.phase,
    iteration: (context?.iterations[state.phase] ?? 0) + 1,
    totalIterations: context?.totalIterations ?? 0,
    blocked: BLOCKED_LINE[state.sub](context),
  };
}
