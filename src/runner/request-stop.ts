/**
 * `stop` from any channel (the CLI, the dashboard): asks the process that holds a session to stop
 * cleanly by writing its stop request, once. With no live holder there is nothing to stop.
 */
import type { DecisionChannel } from '../gates/decision.js';
import { renderStopRequest } from '../gates/decision-text.js';
import { writeStopRequest } from '../gates/stop-request.js';
import { type LockHolder, readLockStatus } from '../session/lock.js';
import type { SessionPaths } from '../session/paths.js';

export interface StopAsk {
  readonly channel: DecisionChannel;
  readonly who: string;
  readonly reason?: string;
  readonly now?: () => Date;
}

export type RequestStopOutcome =
  | { readonly kind: 'no-holder' }
  | { readonly kind: 'refused'; readonly reason: string }
  /** Requested now, or `already` requested by somebody: `said` names who asked and when. */
  | { readonly kind: 'requested'; readonly said: string; readonly holder?: LockHolder };

export function requestStop(paths: Pick<SessionPaths, 'dir' | 'lock'>, ask: StopAsk): RequestStopOutcome {
  const lock = readLockStatus(paths.lock);
  if (!lock.isLive) return { kind: 'no-holder' };
  const written = writeStopRequest(paths.dir, {
    channel: ask.channel,
    who: ask.who,
    at: (ask.now?.() ?? new Date()).toISOString(),
    ...(ask.reason ? { reason: ask.reason } : {}),
  });
  if (written.kind === 'refused') return { kind: 'refused', reason: written.reason };
  const said =
    written.kind === 'already-requested'
      ? `already ${renderStopRequest(written.request)}`
      : renderStopRequest(written.request);
  return { kind: 'requested', said, ...(lock.holder ? { holder: lock.holder } : {}) };
}
