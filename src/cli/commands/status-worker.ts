/** Who runs a session now, as `status` shows it: the run lock's process, or a stored session's lease. Pure. */
import type { LockStatus } from '../../session/lock.js';
import type { LeaseHolder } from '../../store/session-store.js';

export interface WorkerStatus {
  readonly isRunning: boolean;
  readonly pid?: number;
  readonly host?: string;
  /** The worker holding a stored session's lease (live, or run out when `isRunning` is false). */
  readonly name?: string;
  readonly since?: string;
  /** When a stored session's lease ends unless its worker renews it. */
  readonly leaseUntil?: string;
}

/** `lease` is present for a session of a shared store; `lock.isLive` says whether its holder still holds it. */
export function buildWorkerStatus(
  lock: LockStatus,
  lease: { readonly holder?: LeaseHolder } | undefined,
): WorkerStatus {
  const isRunning = lock.isLive;
  if (lease) {
    const { holder } = lease;
    if (holder === undefined) return { isRunning };
    return {
      isRunning,
      name: holder.worker,
      since: holder.since,
      ...(holder.expiresAt ? { leaseUntil: holder.expiresAt } : {}),
    };
  }
  return {
    isRunning,
    ...(lock.holder ? { pid: lock.holder.pid, host: lock.holder.host, since: lock.holder.startedAt } : {}),
  };
}

export function renderWorkerLine(worker: WorkerStatus, isStored: boolean): string {
  if (isStored) {
    const until = worker.leaseUntil ? `, lease until ${worker.leaseUntil}` : '';
    if (worker.isRunning)
      return `worker: running on ${worker.name ?? '?'} since ${worker.since ?? '?'}${until}`;
    return worker.name
      ? `worker: none (the lease of ${worker.name} ran out${worker.leaseUntil ? ` at ${worker.leaseUntil}` : ''})`
      : 'worker: none holds its lease';
  }
  return worker.isRunning
    ? `worker: running (pid ${worker.pid ?? '?'} on ${worker.host ?? '?'} since ${worker.since ?? '?'})`
    : `worker: none${worker.pid ? ` (stale lock of pid ${worker.pid})` : ''}`;
}
