/** Logs every transition and the end of the run; the machine never knows about it. */
import type { WorkflowContext } from '../../machines/context.js';
import type { WorkflowEvent } from '../../machines/events.js';
import { hasStateTag, renderStateValue, toStateOf } from '../../machines/sub-states.js';
import type { SessionObserver } from '../runner/observer.js';
import { describeProviderSwitch, type ProviderNames } from '../runner/provider-switch.js';
import { describeRetry } from '../runner/retry-text.js';
import { describeTransitionCause } from '../view/transition-words.js';
import type { Logger } from './logger.js';

const SHOWN_FIELDS = ['target', 'for', 'needs', 'outcome', 'kind'] as const;

/** `signal.waiting (for: qa_answers)`: the type and the short fields, never free text. */
export function renderEvent(event: WorkflowEvent): string {
  const values = new Map<string, unknown>(Object.entries(event));
  const fields = SHOWN_FIELDS.flatMap((key) => {
    const value = values.get(key);
    return typeof value === 'string' ? [`${key}: ${value}`] : [];
  });
  return fields.length > 0 ? `${event.type} (${fields.join(', ')})` : event.type;
}

// The machine's own context is typed already: read the field, no schema pass per transition.
const isAutoApproved = (context: WorkflowContext) => context.autoApproved === true;

/** ` (plan auto-approved)` on the transition where the machine crossed the gate itself (--auto-approve). */
function renderAutoApproval(before: WorkflowContext, after: WorkflowContext): string {
  return isAutoApproved(after) && !isAutoApproved(before) ? ' (plan auto-approved)' : '';
}

export interface LogObserverOptions {
  /** Attempts an iteration may take, for `attempt 1 of 3 failed …; retrying as attempt 2 of 3`. */
  readonly maxAttempts?: number;
  /** The primary and fallback provider, for the line that says when attempts move between them. */
  readonly providers?: ProviderNames;
  /** The primary's escalation model, for the line that says an escalation. */
  readonly escalationModel?: string;
}

export function createLogObserver(
  logger: Logger,
  options: LogObserverOptions = {},
  now: () => Date = () => new Date(),
): SessionObserver {
  return {
    onTransition(info) {
      logger.info(
        `${renderStateValue(info.before.value)} → ${renderStateValue(info.after.value)} on ${renderEvent(info.event)}${renderAutoApproval(info.before.context, info.after.context)}`,
        {
          session: info.sessionName,
          event: info.event,
        },
      );
      const { providers } = options;
      const switched =
        providers && describeProviderSwitch(info.before.context, info.after.context, providers, now());
      if (switched) logger.info(switched, { session: info.sessionName });
      // A usage-limit wait and a failed check say their cause on the console, not only in the files.
      const cause = describeTransitionCause(info, now().getTime(), options.escalationModel);
      if (cause) logger.warn(cause);
      // Why the iteration runs again, while it happens: the failure and which attempt comes next.
      const after = toStateOf(info.after.value);
      const before = toStateOf(info.before.value);
      if (after === undefined || !hasStateTag(after, 'retry.backoff') || before?.sub === undefined) return;
      const retry = describeRetry(info.event, info.before.context.attempt, options.maxAttempts, true);
      if (retry) logger.warn(`${after.phase}: iteration ${info.before.context.totalIterations + 1} ${retry}`);
    },
    onEnd(end) {
      // The runner prints `end.message` itself, after the summary; this line is for the files.
      logger.debug(`run ended in ${renderStateValue(end.final.value)} with exit code ${end.exitCode}`, {
        session: end.sessionName,
        exitCode: end.exitCode,
      });
    },
  };
}
