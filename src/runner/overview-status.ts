/** The lines samocode owns in `_overview.md`, from the machine state. Pure. */

import { TERMINAL_PHASE } from '../../machines/phases.js';
import { COMPLETED, type StateOf, type SubState } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { OverviewStatus } from '../session/overview.js';
import { withoutRulePrefix } from '../view/view-words.js';
import { iterationsRun } from './iteration-count.js';

type Context = WorkflowContext | undefined;

/** The `Blocked:` line for each sub-state. */
const BLOCKED_LINE: Readonly<Record<SubState, (context: Context) => string>> = {
  running: () => 'no',
  verifying: () => 'no',
  retrying: () => 'no',
  paused: () => 'no',
  suspended: (context) => `suspended: ${context?.suspension?.message ?? 'usage limit'}`,
  awaitingAnswers: (context) => `waiting_human: ${context?.waiting?.for ?? 'input'}`,
  awaitingAction: (context) => `waiting_human: ${context?.waiting?.for ?? 'input'}`,
  awaitingApproval: () => 'waiting_human: plan_approval',
  blocked: (context) =>
    `yes: ${context?.blocked ? withoutRulePrefix(context.blocked.rule, context.blocked.reason) : 'unknown reason'}`,
  failed: (context) => `failed: ${context?.failure?.message ?? 'provider failed'}`,
};

/** The owned lines; both counts include the iteration that is running or that the run stopped in. */
export function toOverviewStatus(state: StateOf, context: Context): OverviewStatus {
  const run = iterationsRun(state, context ?? {});
  if (state.sub === undefined) {
    return {
      phase: COMPLETED,
      iteration: run.perPhase[TERMINAL_PHASE] ?? 0,
      iterationPhase: TERMINAL_PHASE,
      totalIterations: run.total,
      blocked: 'no',
    };
  }
  return {
    phase: state.phase,
    iteration: run.perPhase[state.phase] ?? 0,
    totalIterations: run.total,
    blocked: BLOCKED_LINE[state.sub](context),
  };
}
