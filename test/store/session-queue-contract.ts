/**
 * The behaviour every SessionQueue owes its callers, run against the folder and the PostgreSQL
 * implementation alike (`folder/folder-queue.test.ts`, `postgres/postgres-queue.test.ts`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim, SessionQueue, TakeResult } from '../../src/store/session-queue.js';
import type { SessionStore } from '../../src/store/session-store.js';

export interface QueueSide {
  readonly store: SessionStore;
  readonly queue: SessionQueue;
}

export interface QueueUnderTest extends QueueSide {
  /** Another worker's view: its own store and queue on the same data. */
  openOther(): Promise<QueueSide>;
  dispose(): Promise<void>;
}

const LEASE = { leaseMs: 60_000 };
const ONE = { maxPerWorker: 1 };

function claimOf(result: TakeResult): Claim {
  if (result.kind !== 'claimed') throw new Error(`expected a claim, got ${JSON.stringify(result)}`);
  return result.claim;
}

/** Takes until a claim comes (a request queued again may be due a moment later), or fails at the deadline. */
async function takeEventually(queue: SessionQueue, worker: string): Promise<Claim> {
  const until = Date.now() + 90_000;
  for (;;) {
    const result = await queue.take(worker, ONE, LEASE);
    if (result.kind === 'claimed') return result.claim;
    if (Date.now() > until) throw new Error(`no claim for ${worker}: ${JSON.stringify(result)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function describeSessionQueueContract(name: string, open: () => Promise<QueueUnderTest>): void {
  describe(`${name}: the session queue contract`, () => {
    let subject: QueueUnderTest;
    let queue: SessionQueue;
    beforeEach(async () => {
      subject = await open();
      queue = subject.queue;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it('queues a session once, however often it is submitted', async () => {
      expect((await queue.submit({ session: 'alpha', args: { task: 'one' } })).kind).toBe('queued');
      expect((await queue.submit({ session: 'alpha', args: { task: 'two' } })).kind).toBe('already-queued');
      const view = await queue.readQueue();
      expect(view.queued.map((request) => request.session)).toEqual(['alpha']);
      expect(claimOf(await queue.take('w1', ONE, LEASE)).args).toEqual({ task: 'one' });
    });

    it('hands a request to one worker with the session leased to it, and records the run when it completes', async () => {
      const other = await subject.openOther();
      await queue.submit({ session: 'alpha', args: { task: 'build' } });
      const claim = claimOf(await queue.take('w1', ONE, LEASE));
      expect(claim).toMatchObject({ session: 'alpha', worker: 'w1', args: { task: 'build' } });
      expect(claim.lease.worker).toBe('w1');
      expect((await other.store.readSession('alpha'))?.holder?.worker).toBe('w1');
      expect((await other.queue.take('w2', ONE, LEASE)).kind).toBe('idle');
      expect((await other.queue.readQueue()).running.map((run) => [run.session, run.worker])).toEqual([
        ['alpha', 'w1'],
      ]);

      await queue.complete(claim, { stopped: 'waiting' });
      const view = await other.queue.readQueue();
      expect(view.running).toEqual([]);
      expect(view.finished.map((run) => [run.session, run.worker, run.outcome])).toEqual([
        ['alpha', 'w1', { stopped: 'waiting' }],
      ]);
      expect((await other.store.lease('alpha', 'w2', 60_000)).kind).toBe('held');
    });

    it('queues a failed run again', async () => {
      await queue.submit({ session: 'alpha', args: { task: 'x' } });
      const claim = claimOf(await queue.take('w1', ONE, LEASE));
      await queue.fail(claim, 'the runner crashed');
      const again = await takeEventually(queue, 'w2');
      expect(again.session).toBe('alpha');
      expect((await queue.readQueue()).finished.at(-1)?.outcome).toEqual({ failed: 'the runner crashed' });
    });

    it('hands out the oldest request first', async () => {
      await queue.submit({ session: 'first', args: {} });
      await queue.submit({ session: 'second', args: {} });
      expect(claimOf(await queue.take('w1', { maxPerWorker: 5 }, LEASE)).session).toBe('first');
      expect(claimOf(await queue.take('w1', { maxPerWorker: 5 }, LEASE)).session).toBe('second');
    });

    it('keeps a worker within its own limit', async () => {
      const other = await subject.openOther();
      for (const session of ['a', 'b']) await queue.submit({ session, args: {} });
      claimOf(await queue.take('w1', ONE, LEASE));
      const full = await queue.take('w1', ONE, LEASE);
      expect(full).toEqual({
        kind: 'full',
        reason: 'w1 runs 1 of at most 1 sessions (SAMOCODE_MAX_SESSIONS)',
      });
      expect(claimOf(await other.queue.take('w2', ONE, LEASE)).session).toBe('b');
    });

    it('keeps an account within its limit across workers, and other accounts out of it', async () => {
      const other = await subject.openOther();
      for (const session of ['a', 'b', 'c']) await queue.submit({ session, args: {} });
      const team = { maxPerWorker: 5, account: 'team', maxPerAccount: 2 };
      claimOf(await queue.take('w1', team, LEASE));
      claimOf(await other.queue.take('w2', team, LEASE));
      expect(await other.queue.take('w3', team, LEASE)).toEqual({
        kind: 'full',
        reason: 'account team runs 2 of at most 2 sessions across all workers',
      });
      const solo = claimOf(
        await other.queue.take('w4', { maxPerWorker: 5, account: 'solo', maxPerAccount: 1 }, LEASE),
      );
      expect(solo).toMatchObject({ session: 'c', account: 'solo' });
    });

    it('runs a session submitted while it runs again after that run, never twice at once', async () => {
      const other = await subject.openOther();
      await queue.submit({ session: 'alpha', args: { task: 'first' } });
      const claim = claimOf(await queue.take('w1', ONE, LEASE));
      expect(['queued', 'after-current-run']).toContain((await other.queue.requeue('alpha')).kind);
      expect((await other.queue.take('w2', ONE, LEASE)).kind).toBe('idle');
      await queue.complete(claim, { stopped: 'waiting' });
      const again = await takeEventually(other.queue, 'w2');
      expect(again).toMatchObject({ session: 'alpha', args: {} });
    });

    it('does not hand out a session whose lease someone outside the queue holds', async () => {
      const other = await subject.openOther();
      const held = await other.store.lease('alpha', 'manual-run', 2_000);
      if (held.kind !== 'held') throw new Error('could not lease');
      await queue.submit({ session: 'alpha', args: {} });
      expect((await queue.take('w1', ONE, LEASE)).kind).toBe('idle');
      await other.store.release(held.lease);
      expect((await takeEventually(queue, 'w1')).session).toBe('alpha');
    });
  });
}
