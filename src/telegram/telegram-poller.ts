/**
 * One poller per bot token per machine. Every process that serves Telegram runs this loop; the one
 * that holds `poller.lock` long-polls `getUpdates` while any session is registered as waiting,
 * routes each update to its session, and persists the offset after each batch. The others only
 * watch: when the holder exits (or dies), one of them takes the lock over. With nobody waiting the
 * holder lets the lock go and the loop sleeps on the `waiting/` folder, using no CPU.
 */
import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { isSamocodeError } from '../errors.js';
import type { TimeText } from '../gates/decision-text.js';
import { acquireSessionLock, type LockHolder, readLockStatus, type SessionLock } from '../session/lock.js';
import { type BotApiFailure, renderFailure } from './api-outcome.js';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF, sleep } from './backoff.js';
import { type BotApiClient, type BotApiOptions, createBotApiClient } from './bot-api-client.js';
import { handleUpdate } from './handle-update.js';
import { type PollerState, readPollerState, rememberGates, writePollerState } from './poller-state.js';
import type { TelegramStatePaths } from './state-paths.js';
import type { TelegramSettings } from './telegram-settings.js';
import { type Registration, readRegistrations } from './waiting-registry.js';

export type PollerEvent =
  | { readonly kind: 'lock-taken'; readonly takenOverFrom?: LockHolder }
  | { readonly kind: 'lock-released' }
  | { readonly kind: 'handled'; readonly summary: string }
  | { readonly kind: 'failure'; readonly failure: BotApiFailure; readonly waitMs: number }
  | { readonly kind: 'problem'; readonly text: string };

export interface TelegramPollerOptions {
  readonly settings: TelegramSettings;
  readonly paths: TelegramStatePaths;
  /** `getUpdates` long-poll seconds (default 25). */
  readonly longPollSec?: number;
  /** How often a process that does not hold the lock looks again (default 1 s; a change in `waiting/` wakes it sooner). */
  readonly idleCheckMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Client tuning (network retries, 429 limits); the token and base URL come from `settings`. */
  readonly client?: Omit<BotApiOptions, 'token' | 'apiBase'>;
  /** The text `/status` replies with (Telegram HTML). */
  readonly status?: (registrations: readonly Registration[]) => Promise<string> | string;
  readonly onEvent?: (event: PollerEvent) => void;
  readonly time?: TimeText;
  readonly random?: () => number;
}

export interface TelegramPoller {
  /** True while this process holds the lock. */
  readonly isPolling: boolean;
  /**
   * Ends the loop and lets the lock go: a long poll in flight is aborted at once; the answers to a
   * batch already read get `graceMs` (default 5 s) to go out.
   */
  stop(graceMs?: number): Promise<void>;
}

const NOBODY_STATUS = (registrations: readonly Registration[]): string =>
  registrations.length === 0
    ? 'No samocode session is waiting.'
    : `Waiting: ${registrations.map((entry) => `<code>${entry.gateId}</code>`).join(', ')}`;

/** Resolves after `ms`, on a change in `dir`, or on abort; closes what it opened. */
function waitForChange(dir: string, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    const done = (): void => {
      watcher?.close();
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    try {
      watcher = watch(dir, { persistent: true }, done);
      watcher.on('error', done);
    } catch {
      // the timer alone wakes the loop
    }
    if (signal.aborted) done();
  });
}

function tryLock(paths: TelegramStatePaths, report: (text: string) => void): SessionLock | undefined {
  // A live holder is the common case: a read answers it without writing anything.
  if (readLockStatus(paths.lock).isLive) return undefined;
  try {
    return acquireSessionLock(paths.lock, 'telegram-poller');
  } catch (error) {
    if (!(isSamocodeError(error) && error.code === 'session.locked'))
      report(`cannot take ${paths.lock}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export function startTelegramPoller(options: TelegramPollerOptions): TelegramPoller {
  const { settings, paths } = options;
  const client: BotApiClient = createBotApiClient({
    ...options.client,
    token: settings.token,
    apiBase: settings.apiBase,
  });
  // `abort` ends the long poll and the waits at once; `hardStop` cuts the answers to a batch
  // already read only after a grace period, so a decision's answer and edit still go out.
  const abort = new AbortController();
  const hardStop = new AbortController();
  const emit = (event: PollerEvent): void => options.onEvent?.(event);
  const problem = (text: string): void => emit({ kind: 'problem', text });
  const reported = new Set<string>();
  const problemOnce = (text: string): void => {
    if (!reported.has(text)) {
      reported.add(text);
      problem(text);
    }
  };
  let lock: SessionLock | undefined;
  let state: PollerState | undefined;

  const release = (): void => {
    if (!lock) return;
    lock.release();
    lock = undefined;
    state = undefined;
    emit({ kind: 'lock-released' });
  };

  async function pollOnce(failures: number): Promise<number> {
    const offset = state?.offset;
    const result = await client.getUpdates(
      {
        ...(offset === undefined ? {} : { offset }),
        timeoutSec: options.longPollSec ?? 25,
      },
      abort.signal,
    );
    if (!result.ok) {
      if (result.failure.kind === 'aborted') return failures;
      const waitMs =
        result.failure.kind === 'rate-limited'
          ? result.failure.retryAfterSec * 1000
          : backoffDelayMs(failures + 1, options.backoff ?? DEFAULT_BACKOFF, options.random);
      emit({ kind: 'failure', failure: result.failure, waitMs });
      await sleep(waitMs, abort.signal);
      return failures + 1;
    }
    const batch = result.value;
    // Read after the poll: a gate registered (or given its message id) during the poll is routed too.
    const { registrations } = readRegistrations(paths);
    const known = rememberGates(state ?? { gates: [] }, registrations);
    state = known;
    for (const update of batch.updates) {
      // A decision written by an update earlier in the batch changes no registration: read once per batch.
      try {
        const handled = await handleUpdate(update, {
          client,
          chatId: settings.chatId,
          allowedUsers: settings.allowedUsers,
          registrations,
          knownGates: known.gates,
          status: options.status ?? NOBODY_STATUS,
          ...(options.time ? { time: options.time } : {}),
          signal: hardStop.signal,
        });
        emit({ kind: 'handled', summary: handled.summary });
        for (const text of handled.problems) problem(text);
      } catch (error) {
        // One update that fails to be handled must not stop the poller for every session.
        problem(
          `update ${update.update_id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (batch.skipped > 0) problem(`${batch.skipped} update(s) in a batch did not parse and were skipped`);
    if (batch.nextOffset !== undefined) {
      state = { ...known, offset: batch.nextOffset };
      try {
        writePollerState(paths.state, state);
      } catch (error) {
        problem(
          `cannot save the Telegram offset in ${paths.state}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return 0;
  }

  async function loop(): Promise<void> {
    mkdirSync(paths.waiting, { recursive: true, mode: 0o700 });
    let failures = 0;
    while (!abort.signal.aborted) {
      const { registrations, problems } = readRegistrations(paths);
      for (const text of problems) problemOnce(text);
      if (registrations.length === 0) {
        release();
        await waitForChange(paths.waiting, options.idleCheckMs ?? 1_000, abort.signal);
        continue;
      }
      if (!lock) {
        lock = tryLock(paths, problemOnce);
        if (!lock) {
          await waitForChange(paths.waiting, options.idleCheckMs ?? 1_000, abort.signal);
          continue;
        }
        const read = readPollerState(paths.state);
        if (read.problem) problem(read.problem);
        state = read.state;
        failures = 0;
        emit({
          kind: 'lock-taken',
          ...(lock.takenOver && 'holder' in lock.takenOver ? { takenOverFrom: lock.takenOver.holder } : {}),
        });
      }
      failures = await pollOnce(failures);
    }
  }

  const running = loop()
    .catch((error: unknown) =>
      problem(`the Telegram poller stopped: ${error instanceof Error ? error.message : String(error)}`),
    )
    .finally(release);

  return {
    get isPolling() {
      return lock !== undefined;
    },
    async stop(graceMs = 5_000) {
      abort.abort();
      const timer = setTimeout(() => hardStop.abort(), graceMs);
      await running;
      clearTimeout(timer);
    },
  };
}

/** One line for a log. */
export function renderPollerEvent(event: PollerEvent): string {
  switch (event.kind) {
    case 'lock-taken':
      return event.takenOverFrom
        ? `telegram: polling for this machine (took over from pid ${event.takenOverFrom.pid})`
        : 'telegram: polling for this machine';
    case 'lock-released':
      return 'telegram: stopped polling';
    case 'handled':
      return `telegram: ${event.summary}`;
    case 'failure':
      return `telegram: ${renderFailure(event.failure)}; next try in ${Math.round(event.waitMs / 100) / 10} s`;
    case 'problem':
      return `telegram: ${event.text}`;
  }
}
