/**
 * `samocode approve|answer|grant|reject` for a session of a shared store (`SAMOCODE_STORE` is a
 * PostgreSQL URL): the gate is read from the store's copy of the session (its lease held for the
 * moment, so no worker runs it meanwhile), the decision recorded in the store, first writer wins on
 * every machine, and the session queued again: the worker that takes it applies the decision at
 * start and goes on.
 */
import { hostname } from 'node:os';
import type { Config } from '../../config/config.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import type { DecisionPayload } from '../../gates/decision.js';
import { buildDecision } from '../../gates/decision.js';
import { renderAlreadyDecided, renderDecision } from '../../gates/decision-text.js';
import { localUser } from '../../gates/local-user.js';
import type { DecideRequest } from '../../runner/decide-gate.js';
import { ACTIONS_OF_GATE } from '../../runner/decision-event.js';
import { openStore } from '../../store/open-store.js';
import { readOpenGateOf, recordSharedDecision } from '../../store/shared-decision.js';
import { holdSharedSession } from '../../store/shared-session.js';
import { findStoredSession } from '../../store/stored-session-name.js';
import { renderCommand } from '../../text/shell-quote.js';

export interface SharedDecideInput {
  readonly action: DecideRequest['action'];
  readonly config: Config;
  readonly session: string;
  readonly payload?: DecisionPayload;
  readonly gate?: string;
}

const warnOnStderr = (message: string): void => {
  process.stderr.write(`samocode: warning: ${message}\n`);
};

/** Exit 0 when this decision is the gate's, 2 when nothing changed (no gate, decided already). */
export async function decideShared(input: SharedDecideInput): Promise<number> {
  const { action, config } = input;
  if (action === 'answer' && input.payload?.qa === undefined)
    throw new SamocodeError(
      'config.invalid',
      'with a shared store (SAMOCODE_STORE), give the answers in a file: samocode answer --session S --file answers.md',
    );
  const opened = await openStore({
    url: config.store,
    sessionsDir: config.sessions,
    onNotice: (notice) => warnOnStderr(notice.message),
  });
  try {
    const session = await findStoredSession(opened.store, input.session);
    const stored = await opened.store.readSession(session, { rows: 1 });
    if (stored?.snapshot === undefined)
      throw new SamocodeError(
        'session.missing',
        `session ${input.session} is not in the store (SAMOCODE_STORE); samocode ls lists the sessions it holds`,
      );
    // Held for the moment: a worker that takes the session meanwhile would apply a half-made decision.
    const held = await holdSharedSession({
      store: opened.store,
      session,
      sessionsDir: config.sessions,
      worker: `${action} on ${hostname()} (pid ${process.pid})`,
      leaseMs: config.fleet.leaseS * 1000,
      warn: warnOnStderr,
    });
    let text: string;
    let ok = false;
    try {
      const gate = readOpenGateOf(held.dir);
      if (gate === undefined || !ACTIONS_OF_GATE[gate.kind].includes(action)) {
        text = `${session} is at no gate that ${action} decides${gate ? ` (it is at ${gate.id})` : ''}; nothing changed`;
      } else if (input.gate !== undefined && input.gate !== gate.id) {
        text = `${input.gate}: that gate is not open (the session is at ${gate.id}); nothing changed`;
      } else {
        const built = buildDecision({
          gateId: gate.id,
          action,
          channel: 'cli',
          who: localUser(),
          ...(input.payload ? { payload: input.payload } : {}),
        });
        if (!built.ok)
          throw new SamocodeError(
            'config.invalid',
            `the decision is not valid: ${built.problems.join('; ')}`,
          );
        const recorded = await recordSharedDecision(opened.store, built.decision);
        if (recorded.kind === 'refused') text = `${recorded.reason}; nothing changed`;
        else if (recorded.kind === 'already-decided')
          text = `${renderAlreadyDecided(recorded.decision)}; nothing changed`;
        else {
          ok = true;
          text = `${renderDecision(recorded.decision)}: recorded in the store for ${gate.id}`;
        }
      }
    } finally {
      await held.release();
    }
    if (!ok) {
      process.stderr.write(`samocode: ${text}\n`);
      return EXIT.usage;
    }
    // Queued after the lease is given up, so a worker that takes it at once can hold it.
    const queue = await opened.queue();
    const queued = await queue.requeue(session);
    const follow = renderCommand(['samocode', 'status', '--config', config.configPath, '--session', session]);
    const next =
      queued.kind === 'after-current-run'
        ? 'it is queued again when the run that holds it stops'
        : 'the session is queued again: a worker applies it and goes on';
    process.stdout.write(`${text}; ${next}\nfollow it with: ${follow}\n`);
    return EXIT.complete;
  } finally {
    await opened.close();
  }
}
