import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderQueue } from '../../../src/store/folder/folder-queue.js';
import { createFolderStore } from '../../../src/store/folder/folder-store.js';
import type { SessionStore } from '../../../src/store/session-store.js';
import { makeTempTree, removeTempTrees } from '../../helpers/temp-session.js';
import { describeSessionQueueContract } from '../session-queue-contract.js';

describeSessionQueueContract('folder', async () => {
  const sessions = join(makeTempTree({ 'sessions/': '' }, 'samocode-queue-'), 'sessions');
  const stores: SessionStore[] = [];
  const openSide = () => {
    const store = createFolderStore(sessions);
    stores.push(store);
    return { store, queue: createFolderQueue(sessions, store) };
  };
  return {
    ...openSide(),
    openOther: async () => openSide(),
    dispose: async () => {
      for (const store of stores) await store.close();
      removeTempTrees();
    },
  };
});

describe('the folder queue on disk', () => {
  afterEach(() => removeTempTrees());

  it('keeps one request file per session in _queue/queued and claims it by moving it to _queue/running', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    const queue = createFolderQueue(sessions, store);
    await queue.submit({ session: 'alpha', args: { task: 't' } });
    expect(readdirSync(join(sessions, '_queue', 'queued'))).toEqual(['alpha.json']);
    const taken = await queue.take('w1', { maxPerWorker: 1 }, { leaseMs: 1000 });
    expect(taken.kind).toBe('claimed');
    expect(readdirSync(join(sessions, '_queue', 'queued'))).toEqual([]);
    const running = JSON.parse(readFileSync(join(sessions, '_queue', 'running', 'alpha.json'), 'utf8'));
    expect(running).toMatchObject({ session: 'alpha', worker: 'w1', pid: process.pid, args: { task: 't' } });
    expect((await store.listSessions()).map((summary) => summary.session)).toEqual(['alpha']);
    await store.close();
  });

  it('puts the claim of a dead worker process back in the queue at the next take', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    const queue = createFolderQueue(sessions, store);
    await queue.submit({ session: 'alpha', args: {} });
    const taken = await queue.take('w1', { maxPerWorker: 1 }, { leaseMs: 1000 });
    if (taken.kind !== 'claimed') throw new Error('not claimed');
    await store.release(taken.claim.lease);
    // The claim now names a process that has exited.
    const dead = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      }),
    );
    const path = join(sessions, '_queue', 'running', 'alpha.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), pid: dead }));
    const again = await queue.take('w2', { maxPerWorker: 1 }, { leaseMs: 1000 });
    expect(again.kind === 'claimed' ? again.claim.worker : again.kind).toBe('w2');
    const finished = (await queue.readQueue()).finished;
    expect(finished.map((run) => run.outcome)).toEqual([{ failed: `worker w1 (pid ${dead}) died` }]);
    await store.close();
  });
});
