/**
 * `samocode serve`: one long-lived process for a project on this machine. It takes sessions queued
 * with `submit` from the session folder's queue, runs up to `SAMOCODE_MAX_SESSIONS` of them at once
 * in this process (each as `run --wait`: it waits at a gate and goes on once it is decided), and
 * hosts the dashboard. A stop (SIGINT, SIGTERM) stops every run as Ctrl-C stops `run` and queues
 * them again; after a SIGKILL the next take puts this process's claims back in the queue.
 */
import { hostname } from 'node:os';
import { loadConfig } from '../../config/load-config.js';
import { startDashboard } from '../../dashboard/start-dashboard.js';
import { EXIT } from '../../exit-codes.js';
import { runClaimLoop } from '../../fleet/claim-loop.js';
import { readSummaryPlace } from '../../fleet/read-summary-place.js';
import { PrefixedTerminal } from '../../log/terminal.js';
import { listenForStopSignals } from '../../process/stop-signals.js';
import { createFolderQueue } from '../../store/folder/folder-queue.js';
import { createFolderStore } from '../../store/folder/folder-store.js';
import type { Claim } from '../../store/session-queue.js';
import { buildEnvRedactor } from '../../text/redact.js';
import { readRequestFlags } from '../run-request.js';
import { parseDashboardPort } from './dashboard.js';
import { runWithHost } from './run.js';
import { refuseSharedStore } from './submit.js';

export interface ServeOptions {
  readonly config: string;
  readonly port?: string;
}

/** How often an idle serve looks at the queue again. */
const POLL_MS = 500;
/** A folder claim lasts as long as this process; the queue asks for a length anyway. */
const LEASE_MS = 60_000;

const say = (line: string) => process.stderr.write(`samocode serve: ${line}\n`);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function serveCommand(options: ServeOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  refuseSharedStore(config.store, 'serve');
  const port =
    options.port === undefined ? config.dashboardPort : parseDashboardPort(options.port, undefined);
  const max = config.fleet.maxSessions;
  const worker = `serve-${hostname()}-${process.pid}`;
  const store = createFolderStore(config.sessions);
  const queue = createFolderQueue(config.sessions, store);
  const signals = listenForStopSignals({
    onStop: (signal) => say(`${signal}: stopping every running session (each stays resumable and queued)`),
    onExit: (signal) => {
      say(`${signal} again: exiting now`);
      process.exit(EXIT.interrupted);
    },
  });
  const stop = signals.signal;
  const dashboard = await startDashboard({
    sessionsDir: config.sessions,
    configPath: config.configPath,
    readPlace: () => readSummaryPlace(config, config.configPath),
    redact: buildEnvRedactor(config.environment),
    port,
  });
  say(`running up to ${max} session(s) at once (SAMOCODE_MAX_SESSIONS); dashboard ${dashboard.url}`);

  const runClaim = async (claim: Claim): Promise<void> => {
    // The run takes the session's lock itself; the claim (running/<session>.json) keeps others off it.
    await store.release(claim.lease);
    say(`${claim.session}: started`);
    try {
      const flags = readRequestFlags(claim.args);
      const outcome = await runWithHost(
        { ...flags, config: options.config, session: claim.session, wait: true },
        { signal: stop, terminal: new PrefixedTerminal(process.stderr, `${claim.session} | `) },
      );
      if (stop.aborted && outcome.exitCode === EXIT.interrupted) {
        await queue.fail(claim, 'serve stopped');
        say(`${claim.session}: stopped; queued again for the next serve`);
      } else {
        await queue.complete(claim, { exitCode: outcome.exitCode, message: outcome.message ?? '' });
        say(
          `${claim.session}: ended with exit ${outcome.exitCode}${outcome.message ? ` (${outcome.message})` : ''}`,
        );
      }
    } catch (error) {
      // A run refused before it started (a bad setting, a lock held by a `run`): not queued again.
      await queue.complete(claim, { failed: messageOf(error) });
      say(`${claim.session}: could not run: ${messageOf(error)}`);
    }
  };

  try {
    await runClaimLoop({
      queue,
      worker,
      limits: { maxPerWorker: max },
      leaseMs: LEASE_MS,
      pollMs: POLL_MS,
      signal: stop,
      runClaim,
    });
    say('stopped');
    return EXIT.complete;
  } finally {
    signals.dispose();
    await dashboard.close();
    await store.close();
  }
}
