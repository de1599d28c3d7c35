/**
 * A gate decision for a session of a shared store, from any channel on any machine (the CLI, the
 * dashboard): the gate is read from the store's copy of the session (its lease held for the moment,
 * so no worker runs it meanwhile), the decision recorded in the store, first writer wins on every
 * machine, and the session queued again: the worker that takes it applies the decision at start.
 */
import { hostname } from 'node:os';
import type { Config } from '../config/config.js';
import type { DecisionAction, DecisionChannel, DecisionPayload } from '../gates/decision.js';
import { buildDecision } from '../gates/decision.js';
import { renderAlreadyDecided, renderDecision } from '../gates/decision-text.js';
import { ACTIONS_OF_GATE } from '../runner/decision-event.js';
import type { OpenStore } from './open-store.js';
import { readOpenGateOf, recordSharedDecision } from './shared-decision.js';
import { holdSharedSession } from './shared-session.js';
import { findStoredSession } from './stored-session-name.js';

export interface StoreDecideInput {
  readonly opened: OpenStore;
  readonly config: Config;
  /** The `--session` name, resolved among the store's sessions. */
  readonly session: string;
  readonly action: Exclude<DecisionAction, 'stop'>;
  readonly payload?: DecisionPayload;
  /** The gate this decision is for (default: the gate the session is at now). */
  readonly gate?: string;
  readonly channel: DecisionChannel;
  readonly who: string;
  readonly warn: (message: string) => void;
}

export interface StoreDecideOutcome {
  /** This decision is the gate's, and the session is queued again. */
  readonly ok: boolean;
  /** The session's id in the store (when it was found). */
  readonly session?: string;
  readonly text: string;
}

async function recordAtGate(input: StoreDecideInput, session: string): Promise<StoreDecideOutcome> {
  const { opened, action } = input;
  // Held for the moment: a worker that takes the session meanwhile would run past the gate undecided.
  const held = await holdSharedSession({
    store: opened.store,
    session,
    sessionsDir: input.config.sessions,
    worker: `${action} (${input.channel}) on ${hostname()} (pid ${process.pid})`,
    leaseMs: input.config.fleet.leaseS * 1000,
    warn: input.warn,
  });
  try {
    const gate = readOpenGateOf(held.dir);
    if (gate === undefined || !ACTIONS_OF_GATE[gate.kind].includes(action))
      return {
        ok: false,
        session,
        text: `${session} is at no gate that ${action} decides${gate ? ` (it is at ${gate.id})` : ''}; nothing changed`,
      };
    if (input.gate !== undefined && input.gate !== gate.id)
      return {
        ok: false,
        session,
        text: `${input.gate}: that gate is not open (the session is at ${gate.id}); nothing changed`,
      };
    const built = buildDecision({
      gateId: gate.id,
      action,
      channel: input.channel,
      who: input.who,
      ...(input.payload ? { payload: input.payload } : {}),
    });
    if (!built.ok)
      return { ok: false, session, text: `the decision is not valid: ${built.problems.join('; ')}` };
    const recorded = await recordSharedDecision(opened.store, built.decision);
    if (recorded.kind === 'refused')
      return { ok: false, session, text: `${recorded.reason}; nothing changed` };
    if (recorded.kind === 'already-decided')
      return { ok: false, session, text: `${renderAlreadyDecided(recorded.decision)}; nothing changed` };
    return {
      ok: true,
      session,
      text: `${renderDecision(recorded.decision)}: recorded in the store for ${gate.id}`,
    };
  } finally {
    await held.release();
  }
}

export async function decideInStore(input: StoreDecideInput): Promise<StoreDecideOutcome> {
  if (input.action === 'answer' && input.payload?.qa === undefined)
    return {
      ok: false,
      text: 'with a shared store (SAMOCODE_STORE) the answers come with the decision: samocode answer --session S --file answers.md',
    };
  const session = await findStoredSession(input.opened.store, input.session);
  const stored = await input.opened.store.readSession(session, { rows: 1 });
  if (stored?.snapshot === undefined)
    return {
      ok: false,
      text: `session ${input.session} is not in the store (SAMOCODE_STORE); samocode ls lists the sessions it holds`,
    };
  const recorded = await recordAtGate(input, session);
  if (!recorded.ok) return recorded;
  // Queued after the lease is given up, so a worker that takes it at once can hold it.
  const queued = await (await input.opened.queue()).requeue(session);
  const next =
    queued.kind === 'after-current-run'
      ? 'it is queued again when the run that holds it stops'
      : 'the session is queued again: a worker applies it and goes on';
  return { ...recorded, text: `${recorded.text}; ${next}` };
}
