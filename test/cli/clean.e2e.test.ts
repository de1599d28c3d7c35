/** `samocode clean`: removes the worktree, keeps the branch unless asked, never loses work without --force. Integration tier. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../helpers/git.js';
import { makeCliProject } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const WRITES_A_FILE = [
  [
    { do: 'write', path: 'feature.txt', content: 'new work' },
    { do: 'signal', content: { status: 'continue', phase: 'investigation' } },
  ],
];

async function sessionWithWork() {
  const h = await makeCliProject(WRITES_A_FILE);
  const base = ['--config', h.project.configPath, '--session', 'feat'];
  const run = await h.samocode(['run', ...base, '--once']);
  expect(run.exitCode).toBe(0);
  const [folder] = readdirSync(h.project.worktrees);
  const worktree = join(h.project.worktrees, folder ?? '');
  const clean = (...extra: string[]) => h.samocode(['clean', ...base, ...extra]);
  const branches = () => git(h.project.mainRepo, 'branch', '--format=%(refname:short)');
  return { h, worktree, clean, branches };
}

describe('samocode clean [slow: ~5 s per command]', { timeout: 180_000 }, () => {
  it('refuses uncommitted work, then removes the worktree and keeps the unmerged branch, then deletes it only once merged', async () => {
    const s = await sessionWithWork();
    const dirty = await s.clean();
    expect(dirty.exitCode).toBe(2);
    expect(dirty.stderr).toContain(
      `nothing removed: the worktree ${s.worktree} has 1 uncommitted change (?? feature.txt)`,
    );
    expect(existsSync(join(s.worktree, 'feature.txt'))).toBe(true);

    await git(s.worktree, 'add', '-A');
    await git(s.worktree, 'commit', '-q', '-m', 'feature');
    const kept = await s.clean();
    expect(kept.exitCode).toBe(0);
    expect(String(kept.stdout).split('\n').slice(0, 2)).toEqual([
      `removed worktree ${s.worktree}`,
      `kept branch feat: 1 commit not in main; merge it (git -C ${s.h.project.mainRepo} merge feat) or delete it later (git branch -D feat)`,
    ]);
    expect(kept.stdout).toContain('kept the session folder');
    expect(existsSync(s.worktree)).toBe(false);
    expect(await s.branches()).toBe('feat\nmain');

    const unmerged = await s.clean('--delete-branch');
    expect(unmerged.exitCode).toBe(2);
    expect(unmerged.stderr).toContain('nothing removed: branch feat has 1 commit that main does not have');
    expect(await s.branches()).toBe('feat\nmain');

    await git(s.h.project.mainRepo, 'merge', '-q', 'feat');
    const deleted = await s.clean('--delete-branch');
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stdout).toContain('deleted branch feat');
    expect(await s.branches()).toBe('main');
    expect(s.h.sessionDirs()).toHaveLength(1);
  });

  it('--force --delete-branch discards uncommitted work and an unmerged branch', async () => {
    const s = await sessionWithWork();
    const forced = await s.clean('--delete-branch', '--force');
    expect(forced.exitCode).toBe(0);
    expect(String(forced.stdout).split('\n').slice(0, 2)).toEqual([
      `removed worktree ${s.worktree}`,
      'deleted branch feat',
    ]);
    expect(await s.branches()).toBe('main');
  });

  it('refuses an ignored file in the worktree, naming it; --force removes it', async () => {
    const s = await sessionWithWork();
    await git(s.worktree, 'add', '-A');
    await git(s.worktree, 'commit', '-q', '-m', 'feature');
    writeFileSync(join(s.worktree, '.gitignore'), 'notes.txt\nbuild/\n');
    await git(s.worktree, 'add', '.gitignore');
    await git(s.worktree, 'commit', '-q', '-m', 'ignore notes');
    writeFileSync(join(s.worktree, 'notes.txt'), 'my notes');
    mkdirSync(join(s.worktree, 'build'));
    writeFileSync(join(s.worktree, 'build', 'out.bin'), 'x');
    const refused = await s.clean();
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(
      `nothing removed: the worktree ${s.worktree} holds 2 ignored files or folders that git does not keep (build/, notes.txt); removing the worktree deletes them: copy what you need elsewhere, or pass --force`,
    );
    expect(existsSync(join(s.worktree, 'notes.txt'))).toBe(true);
    const forced = await s.clean('--force');
    expect(forced.exitCode).toBe(0);
    expect(existsSync(s.worktree)).toBe(false);
  });

  it('refuses a commit made on a detached HEAD that no branch holds, naming it; --force drops it', async () => {
    const s = await sessionWithWork();
    await git(s.worktree, 'add', '-A');
    await git(s.worktree, 'commit', '-q', '-m', 'feature');
    await git(s.worktree, 'checkout', '-q', '--detach');
    writeFileSync(join(s.worktree, 'lost.txt'), 'work on a detached HEAD');
    await git(s.worktree, 'add', 'lost.txt');
    await git(s.worktree, 'commit', '-q', '-m', 'detached work');
    const head = (await git(s.worktree, 'rev-parse', '--short', 'HEAD')).trim();
    const refused = await s.clean();
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(
      `nothing removed: the worktree ${s.worktree} is on a detached HEAD with 1 commit no branch holds (${head} detached work); keep it with a branch (git -C ${s.worktree} branch <name>), or pass --force to drop it`,
    );
    await git(s.worktree, 'branch', 'keep-detached');
    const kept = await s.clean();
    expect(kept.exitCode).toBe(0);
    expect(existsSync(s.worktree)).toBe(false);
  });

  it("a completed session's overview stops telling to clean once clean has run", async () => {
    const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
    const h = await makeCliProject([
      signal({ status: 'continue', phase: 'investigation' }),
      signal({ status: 'continue', phase: 'requirements' }),
      signal({ status: 'continue', phase: 'planning' }),
      signal({ status: 'continue', phase: 'implementation' }),
      signal({ status: 'continue', phase: 'testing' }),
      signal({ status: 'continue', phase: 'done' }),
      signal({ status: 'done', summary: 'all done' }),
    ]);
    const args = ['--config', h.project.configPath, '--session', 'tidy'];
    expect((await h.samocode(['run', ...args, '--auto-approve'])).exitCode).toBe(0);
    const [dir = ''] = h.sessionDirs();
    const next = () => /^Next: (.*)$/m.exec(readFileSync(join(dir, '_overview.md'), 'utf8'))?.[1];
    expect(next()).toContain('then remove the worktree with: samocode clean');
    expect((await h.samocode(['clean', ...args])).exitCode).toBe(0);
    expect(next()).toBe('the work is on the branch tidy; merge it if you have not');
    expect(readFileSync(join(dir, '_overview.md'), 'utf8')).toMatch(
      /^Last Action: samocode: samocode clean removed the worktree; complete \(claimed by the agent/m,
    );
    const status = await h.samocode(['status', ...args]);
    expect(status.stdout).toContain('next: the work is on the branch tidy; merge it if you have not\n');
  });

  it('an unknown session exits 2, touches nothing and names the command that lists the sessions', async () => {
    const h = await makeCliProject();
    const result = await h.samocode(['clean', '--config', h.project.configPath, '--session', 'nope']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `no session "nope" in ${h.project.sessions}; list the sessions with: samocode ls --config ${h.project.configPath}`,
    );
    expect(h.sessionDirs()).toEqual([]);
  });
});
