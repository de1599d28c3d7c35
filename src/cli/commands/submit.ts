/**
 * `samocode submit`: checks a session's run as `run` would (every problem at once, exit 2, nothing
 * created), then queues it with its flags and returns at once: in the session folder's queue, which
 * `samocode serve` runs, or, with `SAMOCODE_STORE` set, in the shared store's queue, which
 * `samocode worker` on any machine runs. A session is queued at most once.
 */
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { readSessionLocation } from '../../session/resolve-session.js';
import { toJsonObject } from '../../store/json.js';
import { openStore } from '../../store/open-store.js';
import { findStoredSession } from '../../store/stored-session-name.js';
import { renderCommand } from '../../text/shell-quote.js';
import { checkRunRequest } from '../run-checks.js';
import { pickRunFlags } from '../run-request.js';

export interface SubmitOptions extends Readonly<Record<string, unknown>> {
  readonly config: string;
  readonly session: string;
}

/** `serve` runs the session folder's queue; a PostgreSQL store's queue is run by `worker`. */
export function refuseSharedStore(store: string, command: string): void {
  if (store.trim() !== '')
    throw new SamocodeError(
      'config.invalid',
      `${command} runs the session folder's queue on this machine, and SAMOCODE_STORE is set: run the shared store's queue with samocode worker, or unset SAMOCODE_STORE for ${command}.`,
    );
}

export async function submitCommand(options: SubmitOptions): Promise<number> {
  const flags = pickRunFlags(options);
  const { config } = await checkRunRequest({
    ...flags,
    config: options.config,
    session: options.session,
    wait: true,
  });
  const isShared = config.store.trim() !== '';
  const opened = await openStore({
    url: config.store,
    sessionsDir: config.sessions,
    onNotice: (notice) => process.stderr.write(`samocode: warning: ${notice.message}\n`),
  });
  try {
    // A team's session is named among the store's sessions, as run names it there.
    const folder = isShared
      ? await findStoredSession(opened.store, options.session)
      : readSessionLocation(config.sessions, options.session).folder;
    const queue = await opened.queue();
    const submitted = await queue.submit({ session: folder, args: toJsonObject(flags) });
    const runner = isShared
      ? `a worker (${renderCommand(['samocode', 'worker', '--config', config.configPath])} on any machine)`
      : renderCommand(['samocode', 'serve', '--config', config.configPath]);
    const follow = renderCommand(['samocode', 'status', '--config', config.configPath, '--session', folder]);
    const said =
      submitted.kind === 'queued'
        ? `queued ${folder}: ${runner} runs it`
        : submitted.kind === 'already-queued'
          ? `${folder} is queued already: the request waiting is kept, these flags are not added to it`
          : `${folder} is running now: it is queued again with these flags when that run stops`;
    process.stdout.write(`${said}\nfollow it with: ${follow}\n`);
    return EXIT.complete;
  } finally {
    await opened.close();
  }
}
