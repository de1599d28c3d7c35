/**
 * A human event for a stopped session (a decision `decide-gate.ts` applies itself: approve, answer, grant, reject): the
 * session loop restores `_state.json`, the machine takes the event if, where it is, it handles
 * it, and the loop records the transition like any other (state, Flow Log, observers) and stops.
 * No attempt starts: the provider stays the machine's idle one, so the next `run` does the work.
 *
 * @example
 * const result = sendHumanEvent({ ...where, event: { type: 'approve' } });
 * if (!result.isSent) throw new Error(`nothing to approve in ${result.before ? renderState(result.before.state) : 'a new session'}`);
 */
import type { HumanEvent } from '../../machines/events.js';
import type { WorkflowSettings } from '../../machines/workflow.js';
import type { SessionPlace } from '../providers/types.js';
import type { SessionObserver } from './observer.js';
import { type OverviewEnding, writeOverview } from './overview-writer.js';
import { type LoopState, openSessionLoop } from './session-loop.js';

export interface HumanEventOptions {
  readonly sessionDir: string;
  readonly place: SessionPlace;
  readonly settings: WorkflowSettings;
  readonly event: HumanEvent;
  /** The primary provider and model, for the records. */
  readonly providerName: string;
  readonly model: string;
  readonly observers?: readonly SessionObserver[];
  readonly warn: (message: string) => void;
  readonly now?: () => Date;
  /** What `_overview.md`'s `Last Action` and `Next` say once the event is taken. */
  readonly ending?: (after: LoopState) => OverviewEnding;
}

export type HumanEventResult =
  | { readonly isSent: true; readonly before: LoopState; readonly after: LoopState }
  /** The session has not started (`before` absent), or where it is the machine does not take the event. */
  | { readonly isSent: false; readonly before?: LoopState };

export function sendHumanEvent(options: HumanEventOptions): HumanEventResult {
  const now = options.now ?? (() => new Date());
  const loop = openSessionLoop({
    sessionDir: options.sessionDir,
    place: options.place,
    settings: options.settings,
    providerName: options.providerName,
    model: options.model,
    observers: options.observers ?? [],
    warn: options.warn,
    now,
  });
  if (!loop.isRestored) return { isSent: false };
  const before = loop.current();
  // Asked before the start: an event the machine does not take here writes nothing.
  if (!loop.can(options.event)) return { isSent: false, before };
  loop.start();
  loop.send(options.event);
  const after = loop.stop();
  loop.throwIfWriteFailed();
  if (options.ending) {
    const ending = options.ending(after);
    writeOverview(loop.paths, options.place, after, now, undefined, options.warn, ending);
  }
  return { isSent: true, before, after };
}
