/**
 * Leases in the session folder are the run lock (`_run.lock`): held while the holder's process
 * lives, taken over from a dead one at once (a folder has one machine's processes, whose liveness
 * is known, so there is no expiry to wait for). A lease's token maps to the lock this process holds.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { isSamocodeError } from '../../errors.js';
import { acquireSessionLock, type LockHolder, readLockStatus, type SessionLock } from '../../session/lock.js';
import type { Lease, LeaseHolder, LeaseResult } from '../session-store.js';
import { leaseLost } from '../store-rules.js';

export function toLeaseHolder(holder: LockHolder): LeaseHolder {
  return { worker: holder.command ?? `pid ${holder.pid} on ${holder.host}`, since: holder.startedAt };
}

export class FolderLeases {
  private readonly held = new Map<string, { readonly lock: SessionLock; readonly lease: Lease }>();

  take(session: string, dir: string, lockPath: string, worker: string): LeaseResult {
    mkdirSync(dir, { recursive: true });
    try {
      const lock = acquireSessionLock(lockPath, worker);
      const lease: Lease = { session, worker, token: randomUUID() };
      this.held.set(lease.token, { lock, lease });
      return {
        kind: 'held',
        lease,
        ...(lock.takenOver && 'holder' in lock.takenOver
          ? { tookOverFrom: toLeaseHolder(lock.takenOver.holder) }
          : {}),
      };
    } catch (error) {
      if (!isSamocodeError(error) || error.code !== 'session.locked') throw error;
      const holder = readLockStatus(lockPath).holder;
      return {
        kind: 'taken',
        holder: holder ? toLeaseHolder(holder) : { worker: 'unknown', since: new Date().toISOString() },
      };
    }
  }

  /** Throws `store.lease-lost` unless `lease` is held by this process and its lock file is still ours. */
  check(lease: Lease): void {
    const entry = this.held.get(lease.token);
    const holder = entry ? readLockStatus(entry.lock.path).holder : undefined;
    if (
      entry &&
      entry.lease.session === lease.session &&
      holder?.pid === process.pid &&
      holder.command === lease.worker
    )
      return;
    throw leaseLost(lease.session, lease.worker, holder ? toLeaseHolder(holder).worker : undefined);
  }

  release(lease: Lease): void {
    const entry = this.held.get(lease.token);
    if (!entry) return;
    this.held.delete(lease.token);
    entry.lock.release();
  }

  releaseAll(): void {
    for (const entry of this.held.values()) entry.lock.release();
    this.held.clear();
  }
}
