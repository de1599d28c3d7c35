/**
 * The session queue on one machine: `<SESSIONS>/_queue/`. A request is a file
 * `queued/<session>.json`, created whole and exclusively (one per session); a worker claims it by
 * renaming it to `running/<session>.json` and records itself there. Takes are serialised by
 * `_queue/_take.lock` (the run lock's scheme), so the per-worker and per-account counts a take reads
 * are exact. A claim whose worker process died is put back in the queue by the next take.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { isSamocodeError, SamocodeError } from '../../errors.js';
import { writeFileAtomic } from '../../session/atomic-write.js';
import { createExclusive } from '../../session/exclusive-create.js';
import { acquireSessionLock, type SessionLock } from '../../session/lock.js';
import { isProcessAlive } from '../../session/process-alive.js';
import { cleanDeep } from '../../text/clean-text.js';
import { type JsonObject, JsonObjectSchema } from '../json.js';
import { checkLimits } from '../queue-limits.js';
import type { Claim, QueueLimits, SessionQueue, SessionRequest, TakeOptions } from '../session-queue.js';
import type { SessionStore } from '../session-store.js';
import { validateSessionId } from '../store-rules.js';
import { appendRun, readRuns } from './folder-runs.js';

export const QUEUE_FOLDER = '_queue';
const TAKE_WAIT_MS = 60_000;
const FINISHED_SHOWN = 50;

const QueuedSchema = z.object({
  id: z.string(),
  session: z.string(),
  args: JsonObjectSchema,
  submittedAt: z.string(),
});
const RunningSchema = QueuedSchema.extend({
  worker: z.string(),
  account: z.string().optional(),
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  leaseToken: z.string(),
});
type Running = z.infer<typeof RunningSchema>;

function readRecord<T>(path: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFolderQueue(sessionsDir: string, store: SessionStore): SessionQueue {
  const root = join(sessionsDir, QUEUE_FOLDER);
  const queuedDir = join(root, 'queued');
  const runningDir = join(root, 'running');
  const runsPath = join(root, 'runs.jsonl');
  const ensure = () => {
    mkdirSync(queuedDir, { recursive: true });
    mkdirSync(runningDir, { recursive: true });
  };
  const list = <T>(dir: string, schema: z.ZodType<T>): { name: string; record: T | undefined }[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
          .map((name) => ({ name, record: readRecord(join(dir, name), schema) }))
      : [];

  const takeLock = async (): Promise<SessionLock> => {
    const until = Date.now() + TAKE_WAIT_MS;
    for (;;) {
      try {
        return acquireSessionLock(join(root, '_take.lock'), 'queue take');
      } catch (error) {
        if (!isSamocodeError(error) || error.code !== 'session.locked' || Date.now() > until) throw error;
      }
      await sleep(5 + Math.random() * 10);
    }
  };

  /** Ends a running claim: back in the queue (unless the session is queued again already) or gone. */
  const end = (name: string, running: Running, outcome: JsonObject, requeue: boolean) => {
    const path = join(runningDir, name);
    const back = join(queuedDir, name);
    if (requeue && !existsSync(back)) {
      const { id, session, args, submittedAt } = running;
      writeFileAtomic(path, `${JSON.stringify({ id, session, args, submittedAt })}\n`);
      renameSync(path, back);
    } else rmSync(path, { force: true });
    const { id, session, worker, account, startedAt } = running;
    const endedAt = new Date().toISOString();
    appendRun(runsPath, {
      id,
      session,
      worker,
      ...(account === undefined ? {} : { account }),
      startedAt,
      endedAt,
      outcome,
    });
  };

  const endClaim = async (claim: Claim, outcome: JsonObject, requeue: boolean) => {
    const lock = await takeLock();
    try {
      const name = `${claim.session}.json`;
      const running = readRecord(join(runningDir, name), RunningSchema);
      if (running?.id === claim.id) end(name, running, outcome, requeue);
    } finally {
      lock.release();
    }
    await store.release(claim.lease);
  };

  /** Claims of dead worker processes on this host go back to the queue. */
  const reap = () => {
    for (const { name, record } of list(runningDir, RunningSchema)) {
      if (record === undefined) rmSync(join(runningDir, name), { force: true });
      else if (record.host === hostname() && !isProcessAlive(record.pid))
        end(name, record, { failed: `worker ${record.worker} (pid ${record.pid}) died` }, true);
    }
  };

  const submit = async (request: SessionRequest) => {
    validateSessionId(request.session);
    ensure();
    const id = randomUUID();
    const record = {
      id,
      session: request.session,
      args: cleanDeep(request.args),
      submittedAt: new Date().toISOString(),
    };
    const created = createExclusive(
      join(queuedDir, `${request.session}.json`),
      `${JSON.stringify(record)}\n`,
    );
    if (created.kind === 'failed')
      throw new SamocodeError('store.write', `queue ${request.session}: ${created.reason}`);
    return created.kind === 'created' ? { kind: 'queued' as const, id } : { kind: 'already-queued' as const };
  };

  return {
    kind: 'folder',
    submit,
    requeue: (session) => submit({ session, args: {} }),

    async take(worker: string, limits: QueueLimits, options: TakeOptions) {
      ensure();
      const lock = await takeLock();
      try {
        reap();
        const running = list(runningDir, RunningSchema).flatMap(({ record }) => (record ? [record] : []));
        const counts = {
          worker: running.filter((claim) => claim.worker === worker).length,
          account: running.filter((claim) => limits.account !== undefined && claim.account === limits.account)
            .length,
        };
        const full = checkLimits(counts, worker, limits);
        if (full !== undefined) return { kind: 'full', reason: full };
        const queued = list(queuedDir, QueuedSchema)
          .flatMap(({ name, record }) => (record ? [{ name, record }] : []))
          .sort((a, b) => a.record.submittedAt.localeCompare(b.record.submittedAt));
        for (const { name, record } of queued) {
          if (existsSync(join(runningDir, name))) continue;
          const leased = await store.lease(record.session, worker, options.leaseMs);
          if (leased.kind !== 'held') continue;
          const path = join(runningDir, name);
          renameSync(join(queuedDir, name), path);
          const claimed: Running = {
            ...record,
            worker,
            ...(limits.account === undefined ? {} : { account: limits.account }),
            pid: process.pid,
            host: hostname(),
            startedAt: new Date().toISOString(),
            leaseToken: leased.lease.token,
          };
          writeFileAtomic(path, `${JSON.stringify(claimed)}\n`);
          const claim: Claim = {
            id: record.id,
            session: record.session,
            args: record.args,
            worker,
            ...(limits.account === undefined ? {} : { account: limits.account }),
            lease: leased.lease,
            startedAt: claimed.startedAt,
          };
          return { kind: 'claimed', claim };
        }
        return { kind: 'idle' };
      } finally {
        lock.release();
      }
    },

    complete: (claim: Claim, outcome: JsonObject) => endClaim(claim, outcome, false),
    fail: (claim: Claim, reason: string) => endClaim(claim, { failed: reason }, true),

    async readQueue() {
      const queued = list(queuedDir, QueuedSchema).flatMap(({ record }) =>
        record ? [{ id: record.id, session: record.session, submittedAt: record.submittedAt }] : [],
      );
      const running = list(runningDir, RunningSchema).flatMap(({ record }) =>
        record
          ? [
              {
                id: record.id,
                session: record.session,
                worker: record.worker,
                ...(record.account === undefined ? {} : { account: record.account }),
                startedAt: record.startedAt,
              },
            ]
          : [],
      );
      const finished = readRuns(runsPath, FINISHED_SHOWN);
      return {
        queued: queued.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)),
        running,
        finished,
      };
    },

    async close() {},
  };
}
