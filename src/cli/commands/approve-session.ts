/** Crosses the plan-approval gate: the session loop sends `approve` and stops; no attempt starts. */
import { renderState } from '../../../machines/sub-states.js';
import type { WorkflowSettings } from '../../../machines/workflow.js';
import { SamocodeError } from '../../errors.js';
import type { SessionPlace } from '../../providers/types.js';
import { sendHumanEvent } from '../../runner/send-human-event.js';
import type { SessionPaths } from '../../session/paths.js';

export interface ApproveResult {
  readonly from: string;
  readonly to: string;
  /** The phase the approval moved the session to. */
  readonly phase: string;
}

export function approveSession(
  paths: SessionPaths,
  place: SessionPlace,
  settings: WorkflowSettings,
  warn: (message: string) => void,
  options: {
    readonly now?: () => Date;
    readonly runAgain?: string;
    readonly provider?: string;
    readonly model?: string;
  } = {},
): ApproveResult {
  const { runAgain } = options;
  const result = sendHumanEvent({
    sessionDir: paths.dir,
    place,
    settings,
    event: { type: 'approve' },
    providerName: options.provider ?? '',
    model: options.model ?? '',
    warn,
    ...(options.now ? { now: options.now } : {}),
    ...(runAgain === undefined
      ? {}
      : {
          ending: () => ({
            lastAction: 'samocode: the plan was approved',
            next: `continue with: ${runAgain}`,
          }),
        }),
  });
  if (!result.isSent) {
    const where = result.before ? `in ${renderState(result.before.state)}` : 'not started';
    throw new SamocodeError(
      'session.not-awaiting-approval',
      `session ${place.sessionName} is ${where}, not waiting for plan approval; nothing to approve (see samocode status)`,
    );
  }
  return {
    from: renderState(result.before.state),
    to: renderState(result.after.state),
    phase: result.after.state.phase,
  };
}
