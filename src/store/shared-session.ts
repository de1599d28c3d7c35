/**
 * A session of a shared store, held by this process to run it: its lease (taken here, or the lease
 * of a worker's claim), renewed every third of its length while the run lasts, and the session
 * folder on this machine written from what the store holds. A renewal the store refuses (another
 * holder took the session after this one went quiet too long) aborts `lost`: the run must stop.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSamocodeError, SamocodeError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { SESSION_FILES } from '../session/paths.js';
import { type CopiedSession, writeWorkingCopy } from './folder/working-copy.js';
import type { Lease, SessionRecord, SessionStore } from './session-store.js';
import { copyStoredDecision } from './shared-decision.js';

export interface HoldRequest {
  readonly store: SessionStore;
  /** The session's id (its folder name). */
  readonly session: string;
  /** `SESSIONS` on this machine: the working copy goes to `<sessionsDir>/<session>`. */
  readonly sessionsDir: string;
  readonly worker: string;
  readonly leaseMs: number;
  /** A lease taken already (a worker's claim): renewed here, released by the queue when the claim ends. */
  readonly lease?: Lease;
  readonly warn: (message: string) => void;
}

export interface SharedSession {
  readonly session: string;
  readonly dir: string;
  readonly lease: Lease;
  /** What the folder was written from. */
  readonly base: CopiedSession;
  /** Aborted when the lease is lost; its reason is the `store.lease-lost` error. */
  readonly lost: AbortSignal;
  /** Stops renewing; gives the lease up when this hold took it. */
  release(): Promise<void>;
}

/** Every row of a session: more than any session will ever hold. */
export const ALL_ROWS = 2 ** 31 - 1;

async function takeLease(request: HoldRequest): Promise<{ lease: Lease; isOwn: boolean }> {
  if (request.lease) return { lease: request.lease, isOwn: false };
  const taken = await request.store.lease(request.session, request.worker, request.leaseMs);
  if (taken.kind === 'taken') {
    throw new SamocodeError(
      'session.locked',
      `session ${request.session} is held by ${taken.holder.worker} since ${taken.holder.since}${taken.holder.expiresAt ? ` (until ${taken.holder.expiresAt} unless it renews)` : ''}; wait for it to finish, or follow it with samocode status`,
      { exitCode: EXIT.locked },
    );
  }
  if (taken.tookOverFrom)
    request.warn(
      `took session ${request.session} over from ${taken.tookOverFrom.worker}, whose lease ran out; its attempt in flight is run again`,
    );
  return { lease: taken.lease, isOwn: true };
}

/** A session folder with a state or history of its own (not an empty folder made for a copy). */
function hasLocalSession(dir: string): boolean {
  const history = join(dir, SESSION_FILES.history);
  return existsSync(join(dir, SESSION_FILES.state)) || (existsSync(history) && statSync(history).size > 0);
}

/**
 * An empty record (none, or only a lease) would write an empty copy over a session that only this
 * machine's `SESSIONS` has: refused, naming the way to copy it into the store.
 */
function refuseLocalOnly(request: HoldRequest, record: SessionRecord | undefined, dir: string): void {
  const isEmpty = record === undefined || (record.lastSeq === 0 && record.snapshot === undefined);
  if (!isEmpty || !hasLocalSession(dir)) return;
  throw new SamocodeError(
    'session.not-in-store',
    `session ${request.session} is in ${request.sessionsDir} on this machine but is not in the store (SAMOCODE_STORE); copy it there first with: samocode store import --config <.samocode> --session ${request.session} (or run it with SAMOCODE_STORE unset); nothing was changed`,
    { exitCode: EXIT.usage },
  );
}

export async function holdSharedSession(request: HoldRequest): Promise<SharedSession> {
  const { store, session } = request;
  // Asked before the lease too, so a refused run leaves no empty session behind in the store.
  refuseLocalOnly(request, await store.readSession(session, { rows: 1 }), join(request.sessionsDir, session));
  const { lease, isOwn } = await takeLease(request);
  const lost = new AbortController();
  let current = lease;
  let isReleased = false;
  let timer: NodeJS.Timeout | undefined;
  const renewLater = () => {
    timer = setTimeout(async () => {
      try {
        current = await store.renew(current, request.leaseMs);
      } catch (error) {
        if (isSamocodeError(error) && error.code === 'store.lease-lost') {
          lost.abort(error);
          return;
        }
        // The store waits out an outage itself; anything else is said, and the next renewal tries again.
        request.warn(
          `renewing the lease of ${session}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!isReleased) renewLater();
    }, request.leaseMs / 3);
    timer.unref();
  };
  const release = async () => {
    if (isReleased) return;
    isReleased = true;
    clearTimeout(timer);
    if (isOwn) await store.release(current);
  };
  try {
    const record = await store.readSession(session, { rows: ALL_ROWS });
    const dir = join(request.sessionsDir, session);
    refuseLocalOnly(request, record, dir);
    const base = writeWorkingCopy(dir, record ?? { session, lastSeq: 0, rows: [], files: {} });
    // A gate decided on another machine: the run takes the store's record at start.
    await copyStoredDecision(store, dir, request.warn);
    renewLater();
    return { session, dir, lease, base, lost: lost.signal, release };
  } catch (error) {
    await release();
    throw error;
  }
}
