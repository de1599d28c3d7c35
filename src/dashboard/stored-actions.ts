/**
 * The dashboard's buttons for the sessions of a shared store: a gate is decided through
 * `decideInStore`, the path the CLI takes with a store (recorded in the store, first writer wins
 * on every machine, the session queued again for a worker). A worker's run never waits at a gate,
 * so there is no waiting run to stop from here: stop is refused with what to do instead.
 */
import type { Config } from '../config/config.js';
import { isSamocodeError } from '../errors.js';
import { decideInStore } from '../store/decide-in-store.js';
import type { OpenStore } from '../store/open-store.js';
import { type ActOnSession, payloadOfAction } from './dashboard-actions.js';

export function buildStoredActor(
  opened: OpenStore,
  config: Config,
  who: string,
  warn: (message: string) => void,
): ActOnSession {
  return async (folder, action, body) => {
    if (action === 'stop')
      return {
        status: 409,
        ok: false,
        text: `a shared store's session is stopped with its worker (SIGTERM queues it again); ${folder} is not stopped from here`,
      };
    try {
      const payload = payloadOfAction(action, body);
      const outcome = await decideInStore({
        opened,
        config,
        session: folder,
        action,
        ...(payload ? { payload } : {}),
        ...(body.gateId ? { gate: body.gateId } : {}),
        channel: 'dashboard',
        who,
        warn,
      });
      return { status: outcome.ok ? 200 : 409, ok: outcome.ok, text: outcome.text };
    } catch (error) {
      if (isSamocodeError(error)) return { status: 409, ok: false, text: error.message };
      throw error;
    }
  };
}
