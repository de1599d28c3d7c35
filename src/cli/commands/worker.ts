/**
 * `samocode worker`: runs the sessions of a shared store's queue (`SAMOCODE_STORE`, PostgreSQL) on
 * this machine, in its own clone of the project (`MAIN_REPO`, with the team's remote as origin).
 * It takes claims within its limits (`--concurrency` or `SAMOCODE_MAX_SESSIONS` here,
 * `SAMOCODE_MAX_PER_ACCOUNT` across the fleet), runs each as `run` runs a stored session (lease,
 * working copy, branch from origin, every transition committed, the branch pushed at each stop),
 * and completes the claim when the run stops. A gate stops the run; a decision from any machine
 * queues the session again. A stop (SIGINT, SIGTERM) stops the runs and queues them again.
 */
import { hostname } from 'node:os';
import type { Config } from '../../config/config.js';
import { loadConfig } from '../../config/load-config.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { runClaimLoop } from '../../fleet/claim-loop.js';
import { PrefixedTerminal } from '../../log/terminal.js';
import { listenForStopSignals } from '../../process/stop-signals.js';
import { toBranchName } from '../../session/session-name.js';
import { type OpenStore, openStore } from '../../store/open-store.js';
import type { Claim } from '../../store/session-queue.js';
import { holdSharedSession } from '../../store/shared-session.js';
import { pushBranch } from '../../verify/push-branch.js';
import { readRequestFlags } from '../run-request.js';
import { runWithHost } from './run.js';

export interface WorkerOptions {
  readonly config: string;
  readonly concurrency?: string;
  readonly untilIdle?: boolean;
  readonly name?: string;
}

/** How often an idle worker looks at the queue again. */
const POLL_MS = 1_000;
/** The first wait before an unpushed branch is pushed again; it doubles up to the cap. */
const PUSH_RETRY_MS = 2_000;
const PUSH_RETRY_CAP_MS = 60_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function parseConcurrency(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64)
    throw new SamocodeError(
      'config.invalid',
      `--concurrency must be a whole number from 1 to 64, not "${value}"`,
    );
  return count;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        done();
      },
      { once: true },
    );
  });

interface WorkerPlace {
  readonly config: Config;
  readonly opened: OpenStore;
  readonly worker: string;
  readonly stop: AbortSignal;
  readonly say: (line: string) => void;
}

/** The branch stays here until origin has it: the session is held by this worker meanwhile. */
async function pushUntilDone(place: WorkerPlace, claim: Claim, reason: string): Promise<string | undefined> {
  const branch = toBranchName(claim.session, place.config.branchPrefix);
  let wait = PUSH_RETRY_MS;
  let why = reason;
  while (!place.stop.aborted) {
    place.say(
      `${claim.session}: the branch ${branch} is not on origin (${why}); the session stays on this worker, pushing again in ${Math.round(wait / 1000)} s`,
    );
    await pause(wait, place.stop);
    if (place.stop.aborted) break;
    const pushed = await pushBranch(place.config.mainRepo, branch, {
      timeoutMs: place.config.pushTimeoutS * 1000,
    });
    if (pushed.pushed) {
      place.say(`${claim.session}: pushed branch ${branch} to origin; the session is free for any worker`);
      return undefined;
    }
    why = pushed.reason;
    wait = Math.min(wait * 2, PUSH_RETRY_CAP_MS);
  }
  return why;
}

async function runClaim(place: WorkerPlace, claim: Claim): Promise<void> {
  const { opened, say } = place;
  const queue = await opened.queue();
  say(`${claim.session}: started`);
  let held: Awaited<ReturnType<typeof holdSharedSession>> | undefined;
  try {
    held = await holdSharedSession({
      store: opened.store,
      session: claim.session,
      sessionsDir: place.config.sessions,
      worker: place.worker,
      leaseMs: place.config.fleet.leaseS * 1000,
      lease: claim.lease,
      warn: (message) => say(`${claim.session}: ${message}`),
    });
    const flags = readRequestFlags(claim.args);
    const outcome = await runWithHost(
      { ...flags, config: place.config.configPath, session: claim.session },
      {
        held: { ...held, store: opened.store },
        signal: place.stop,
        stopsAtGates: true,
        terminal: new PrefixedTerminal(process.stderr, `${claim.session} | `),
      },
    );
    if (outcome.isLeaseLost) {
      say(`${claim.session}: another worker holds it now; this run stopped`);
      return;
    }
    if (place.stop.aborted && outcome.exitCode === EXIT.interrupted) {
      await queue.fail(claim, 'the worker stopped');
      say(`${claim.session}: stopped; queued again for the next worker`);
      return;
    }
    const unpushed = outcome.unpushed ? await pushUntilDone(place, claim, outcome.unpushed) : undefined;
    await queue.complete(claim, {
      exitCode: outcome.exitCode,
      message: outcome.message ?? '',
      ...(unpushed ? { unpushed } : {}),
    });
    say(
      `${claim.session}: ended with exit ${outcome.exitCode}${outcome.message ? ` (${outcome.message})` : ''}`,
    );
  } catch (error) {
    // A run refused before it started (a bad setting, a broken clone): not queued again.
    await queue.complete(claim, { failed: messageOf(error) });
    say(`${claim.session}: could not run: ${messageOf(error)}`);
  } finally {
    await held?.release();
  }
}

export async function workerCommand(options: WorkerOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  if (config.store.trim() === '')
    throw new SamocodeError(
      'config.invalid',
      "worker runs the sessions of a shared store, and SAMOCODE_STORE is not set; set it to the team's postgres:// URL, or run one machine's queue with samocode serve",
    );
  const max = parseConcurrency(options.concurrency, config.fleet.maxSessions);
  const worker = options.name ?? `${hostname()}-${process.pid}`;
  const say = (line: string) => process.stderr.write(`samocode worker ${worker}: ${line}\n`);
  const opened = await openStore({
    url: config.store,
    sessionsDir: config.sessions,
    onNotice: (notice) => say(notice.message),
    warn: (message) => say(`warning: ${message}`),
  });
  const signals = listenForStopSignals({
    onStop: (signal) => say(`${signal}: stopping every running session (each stays resumable and queued)`),
    onExit: (signal) => {
      say(`${signal} again: exiting now`);
      process.exit(EXIT.interrupted);
    },
  });
  const place: WorkerPlace = {
    config,
    opened,
    worker,
    stop: signals.signal,
    say,
  };
  const { account, maxPerAccount } = config.fleet;
  try {
    const queue = await opened.queue();
    say(
      `running up to ${max} session(s) at once${account ? `, at most ${maxPerAccount ?? 'any number'} under account ${account} across the fleet` : ''}${options.untilIdle ? '; exits once nothing is queued or running' : ''}`,
    );
    await runClaimLoop({
      queue,
      worker,
      limits: {
        maxPerWorker: max,
        ...(account ? { account } : {}),
        ...(maxPerAccount === undefined ? {} : { maxPerAccount }),
      },
      leaseMs: config.fleet.leaseS * 1000,
      pollMs: POLL_MS,
      signal: signals.signal,
      ...(options.untilIdle ? { untilIdle: true } : {}),
      runClaim: (claim) => runClaim(place, claim),
      onFull: (reason) => say(`not taking more: ${reason}`),
    });
    say(signals.signal.aborted ? 'stopped' : 'idle: nothing queued or running; exiting');
    return EXIT.complete;
  } finally {
    signals.dispose();
    await opened.close();
  }
}
