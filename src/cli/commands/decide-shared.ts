/**
 * `samocode approve|answer|grant|reject` for a session of a shared store (`SAMOCODE_STORE` is a
 * PostgreSQL URL): the decision goes through `decideInStore` (recorded in the store, first writer
 * wins on every machine, the session queued again for a worker).
 */
import type { Config } from '../../config/config.js';
import { EXIT } from '../../exit-codes.js';
import type { DecisionPayload } from '../../gates/decision.js';
import { localUser } from '../../gates/local-user.js';
import type { DecideRequest } from '../../runner/decide-gate.js';
import { decideInStore } from '../../store/decide-in-store.js';
import { openStore } from '../../store/open-store.js';
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
  const { config } = input;
  const opened = await openStore({
    url: config.store,
    sessionsDir: config.sessions,
    onNotice: (notice) => warnOnStderr(notice.message),
  });
  try {
    const outcome = await decideInStore({
      opened,
      config,
      session: input.session,
      action: input.action,
      ...(input.payload ? { payload: input.payload } : {}),
      ...(input.gate ? { gate: input.gate } : {}),
      channel: 'cli',
      who: localUser(),
      warn: warnOnStderr,
    });
    if (!outcome.ok) {
      process.stderr.write(`samocode: ${outcome.text}\n`);
      return EXIT.usage;
    }
    const follow = renderCommand([
      'samocode',
      'status',
      '--config',
      config.configPath,
      '--session',
      outcome.session ?? input.session,
    ]);
    process.stdout.write(`${outcome.text}\nfollow it with: ${follow}\n`);
    return EXIT.complete;
  } finally {
    await opened.close();
  }
}
