/** `pullSessionBranch` against real git repositories: a bare remote and two clones of it. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSamocodeError } from '../../src/errors.js';
import { pullSessionBranch } from '../../src/session/branch-sync.js';
import { git, initGitRepo } from '../helpers/git.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(() => removeTempTrees());

async function commitFile(dir: string, file: string): Promise<string> {
  writeFileSync(join(dir, file), file);
  await git(dir, 'add', file);
  await git(dir, 'commit', '-qm', file);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A bare remote, clone `a` (where the session ran) and clone `b` (where it runs next). */
async function twoClones() {
  const root = makeTempTree({ 'a/': '' });
  const a = join(root, 'a');
  await initGitRepo(a);
  const remote = join(root, 'remote.git');
  await git(root, 'clone', '-q', '--bare', a, remote);
  await git(a, 'remote', 'add', 'origin', remote);
  await git(root, 'clone', '-q', remote, 'b');
  const b = join(root, 'b');
  await git(a, 'checkout', '-q', '-b', 'task');
  const head = await commitFile(a, 'one.txt');
  await git(a, 'push', '-q', 'origin', 'task');
  await git(a, 'checkout', '-q', 'main');
  const place = (mainRepo: string, worktreePath = join(root, 'no-worktree')) => ({
    mainRepo,
    branch: 'task',
    worktreePath,
    timeoutMs: 60_000,
  });
  return { root, a, b, remote, head, place };
}

describe('pullSessionBranch', { timeout: 60_000 }, () => {
  it('brings the branch to a clone that lacks it, then finds it the same', async () => {
    const { b, head, place } = await twoClones();
    expect(await pullSessionBranch(place(b))).toEqual({ kind: 'updated', head });
    expect(await git(b, 'rev-parse', 'task')).toBe(head);
    expect(await pullSessionBranch(place(b))).toEqual({ kind: 'same' });
  });

  it('says there is nothing to bring for a branch origin lacks, and warns when there is no origin', async () => {
    const { b, place, root } = await twoClones();
    expect(await pullSessionBranch({ ...place(b), branch: 'other' })).toEqual({ kind: 'new' });
    const lone = join(root, 'lone');
    await git(root, 'init', '-q', 'lone');
    const pulled = await pullSessionBranch(place(lone));
    expect(pulled.kind).toBe('no-remote');
    expect('warning' in pulled ? pulled.warning : '').toContain('has no remote named origin');
  });

  it('keeps commits origin lacks (a failed push) and says they go with the next push', async () => {
    const { a, place } = await twoClones();
    await git(a, 'checkout', '-q', 'task');
    const ahead = await commitFile(a, 'two.txt');
    const pulled = await pullSessionBranch(place(a));
    expect(pulled.kind).toBe('ahead');
    expect(await git(a, 'rev-parse', 'task')).toBe(ahead);
  });

  it("resets a worktree left here by an earlier run to origin's commit, saying what it discarded", async () => {
    const { a, b, root, place } = await twoClones();
    await pullSessionBranch(place(b));
    const worktree = join(root, 'wt-b');
    await git(b, 'worktree', 'add', '-q', worktree, 'task');
    writeFileSync(join(worktree, 'one.txt'), 'edited here, never committed');
    await git(a, 'checkout', '-q', 'task');
    const moved = await commitFile(a, 'two.txt');
    await git(a, 'push', '-q', 'origin', 'task');
    const pulled = await pullSessionBranch(place(b, worktree));
    expect(pulled).toMatchObject({ kind: 'updated', head: moved });
    expect('warning' in pulled ? pulled.warning : '').toContain('discarded 1 uncommitted change(s)');
    expect(await git(worktree, 'rev-parse', 'HEAD')).toBe(moved);
    expect(existsSync(join(worktree, 'two.txt'))).toBe(true);
  });

  it('refuses a branch that diverged from origin, naming both commits', async () => {
    const { a, b, place } = await twoClones();
    await pullSessionBranch(place(b));
    await git(b, 'checkout', '-q', 'task');
    await commitFile(b, 'here.txt');
    await git(a, 'checkout', '-q', 'task');
    await commitFile(a, 'there.txt');
    await git(a, 'push', '-q', 'origin', 'task');
    const error = await pullSessionBranch(place(b)).catch((caught: unknown) => caught);
    expect(isSamocodeError(error) && error.code).toBe('session.branch');
    expect(error instanceof Error ? error.message : '').toContain('has diverged');
  });
});
