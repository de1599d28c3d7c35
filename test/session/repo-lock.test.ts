import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireSessionLock } from '../../src/session/lock.js';
import { withRepoLock } from '../../src/session/repo-lock.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('withRepoLock', () => {
  it('runs one holder at a time and removes the lock afterwards', async () => {
    const path = join(makeTempTree(), 'repo.lock');
    const order: string[] = [];
    const job = (name: string) =>
      withRepoLock(path, async () => {
        order.push(`${name}:start`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`${name}:end`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]?.replace('start', 'end'));
    expect(order).toHaveLength(6);
    expect(existsSync(path)).toBe(false);
  });

  it('waits for a live holder and runs once it lets go', async () => {
    const path = join(makeTempTree(), 'repo.lock');
    const held = acquireSessionLock(path, 'other');
    let ran = false;
    const waiting = withRepoLock(path, async () => {
      ran = true;
    });
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(false);
    held.release();
    await waiting;
    expect(ran).toBe(true);
  });

  it('takes over a lock left by a dead process', async () => {
    const path = join(makeTempTree(), 'repo.lock');
    writeFileSync(
      path,
      JSON.stringify({ pid: 2 ** 22 + 1, host: (await import('node:os')).hostname(), startedAt: 'x' }),
    );
    expect(await withRepoLock(path, async () => 'done')).toBe('done');
  });

  it('gives up at its deadline naming the lock file and the holder', async () => {
    const path = join(makeTempTree(), 'repo.lock');
    const held = acquireSessionLock(path, 'other');
    await expect(withRepoLock(path, async () => 'never', { deadlineMs: 50 })).rejects.toMatchObject({
      code: 'session.worktree',
      message: expect.stringContaining(`${path} (held by pid ${process.pid}`),
    });
    held.release();
  });
});
