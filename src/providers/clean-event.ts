/** The free text of a provider event (the agent's summary and reason, messages), cleaned before the machine keeps it. Pure. */
import type { WorkflowEvent } from '../../machines/events.js';
import type { CleanText } from '../text/clean-text.js';

export function cleanEvent(event: WorkflowEvent, clean: CleanText): WorkflowEvent {
  switch (event.type) {
    case 'signal.continue':
    case 'signal.waiting':
      return event.summary === undefined ? event : { ...event, summary: clean(event.summary) };
    case 'signal.done':
      return { ...event, summary: clean(event.summary) };
    case 'signal.blocked':
      return { ...event, reason: clean(event.reason) };
    case 'signal.invalid':
      return { ...event, problem: clean(event.problem) };
    case 'agent.failed':
    case 'agent.limited':
      return { ...event, message: clean(event.message) };
    default:
      return event;
  }
}
