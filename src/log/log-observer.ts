/** Logs every transition and the end of the run; the machine never knows about it. */
import type winston from 'winston';
import { readSavedContext } from '../../machines/context.js';
import type { WorkflowEvent } from '../../machines/events.js';
import { renderStateValue } from '../../machines/sub-states.js';
import type { SessionObserver } from '../runner/observer.js';

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

const isAutoApproved = (context: unknown) => readSavedContext(context).autoApproved === true;

/** ` (plan auto-approved)` on the transition where the machine crossed the gate itself (--auto-approve). */
function renderAutoApproval(before: unknown, after: unknown): string {
  return isAutoApproved(after) && !isAutoApproved(before) ? ' (plan auto-approved)' : '';
}

export function createLogObserver(logger: winston.Logger): SessionObserver {
  return {
    onTransition(info) {
      logger.info(
        `${renderStateValue(info.before.value)} → ${renderStateValue(info.after.value)} on ${renderEvent(info.event)}${renderAutoApproval(info.before.context, info.after.context)}`,
        {
          session: info.sessionName,
          event: info.event,
        },
      );
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
