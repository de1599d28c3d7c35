/**
 * `samocode stop`: asks the process that holds a session (a run at work, or `run --wait` at a
 * gate) to stop cleanly: it saves the state, releases the lock and exits 130, the session
 * resumable. Waits to see the holder go; with no holder there is nothing to stop (exit 2).
 */
import { EXIT } from '../../exit-codes.js';
import { localUser } from '../../gates/local-user.js';
import { locateExistingSession } from '../../runner/open-session.js';
import { requestStop } from '../../runner/request-stop.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { readLockStatus } from '../../session/lock.js';
import { buildViewCommands } from '../../view/view-commands.js';

export interface StopOptions {
  readonly config: string;
  readonly session: string;
  readonly reason?: string;
}

const WAIT_MS = 30_000;
const POLL_MS = 100;

export async function stopCommand(options: StopOptions): Promise<number> {
  const { config } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
  });
  const session = locateExistingSession(config, options.session);
  const folder = session.location.folder;
  const run = buildViewCommands({ folder, dir: session.location.dir, configPath: config.configPath }).run;
  const asked = requestStop(session.paths, {
    channel: 'cli',
    who: localUser(),
    ...(options.reason ? { reason: options.reason } : {}),
  });
  if (asked.kind === 'no-holder') {
    process.stderr.write(
      `samocode: no process runs session ${folder}; nothing to stop (continue it with: ${run})\n`,
    );
    return EXIT.usage;
  }
  if (asked.kind === 'refused') {
    process.stderr.write(`samocode: stop not requested: ${asked.reason}\n`);
    return EXIT.usage;
  }
  const pid = asked.holder ? ` (pid ${asked.holder.pid})` : '';
  const { said } = asked;
  const deadline = Date.now() + WAIT_MS;
  while (readLockStatus(session.paths.lock).isLive) {
    if (Date.now() >= deadline) {
      process.stdout.write(
        `${said}; the run${pid} has not ended yet: it stops once its provider is stopped\n`,
      );
      return EXIT.complete;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  process.stdout.write(`${said}: the run${pid} stopped; the session is resumable with: ${run}\n`);
  return EXIT.complete;
}
