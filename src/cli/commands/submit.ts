/**
 * `samocode submit`: checks a session's run as `run` would (every problem at once, exit 2, nothing
 * created), then queues it with its flags in the session folder's queue and returns at once;
 * `samocode serve` runs it. A session is queued at most once.
 */
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { readSessionLocation } from '../../session/resolve-session.js';
import { createFolderQueue } from '../../store/folder/folder-queue.js';
import { createFolderStore } from '../../store/folder/folder-store.js';
import { toJsonObject } from '../../store/json.js';
import { renderCommand } from '../../text/shell-quote.js';
import { checkRunRequest } from '../run-checks.js';
import { pickRunFlags } from '../run-request.js';

export interface SubmitOptions extends Readonly<Record<string, unknown>> {
  readonly config: string;
  readonly session: string;
}

/** `serve` and `submit` use the session folder's queue; a PostgreSQL store has its own workers. */
export function refuseSharedStore(store: string, command: string): void {
  if (store.trim() !== '')
    throw new SamocodeError(
      'config.invalid',
      `${command} runs sessions of the session folder (SESSIONS) on this machine; SAMOCODE_STORE is set. Unset it for ${command}.`,
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
  refuseSharedStore(config.store, 'submit');
  const folder = readSessionLocation(config.sessions, options.session).folder;
  const store = createFolderStore(config.sessions);
  try {
    const queue = createFolderQueue(config.sessions, store);
    const submitted = await queue.submit({ session: folder, args: toJsonObject(flags) });
    const serve = renderCommand(['samocode', 'serve', '--config', config.configPath]);
    const follow = renderCommand(['samocode', 'status', '--config', config.configPath, '--session', folder]);
    const said =
      submitted.kind === 'queued'
        ? `queued ${folder}: ${serve} runs it`
        : submitted.kind === 'already-queued'
          ? `${folder} is queued already: the request waiting is kept, these flags are not added to it`
          : `${folder} is running now: it is queued again with these flags when that run stops`;
    process.stdout.write(`${said}\nfollow it with: ${follow}\n`);
    return EXIT.complete;
  } finally {
    await store.close();
  }
}
