/**
 * Ten sessions of one repository run at the same time (real `samocode run`s, the fake claude,
 * real git): each in its own worktree and branch, all complete, none sees another's files.
 * The repository gives every new branch an upstream, so each `git worktree add` writes
 * .git/config: without the per-repository worktree lock some of them fail on config.lock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { HAPPY_CALLS, makeFleetProject } from '../helpers/fleet-project.js';
import { git } from '../helpers/git.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const SESSIONS = 10;

afterEach(() => removeTempTrees());

/** The happy path, with a file named after the session written in the first and fifth iteration. */
function callsFor(name: string): unknown[] {
  return HAPPY_CALLS.map((steps, index) =>
    index === 0 || index === 4
      ? [
          { do: 'write', path: `work-${name}-${index + 1}.txt`, content: name },
          ...steps.slice(index === 0 ? 1 : 0),
        ]
      : steps,
  );
}

describe('ten sessions of one repository at once [slow]', () => {
  it('all complete, each in its own worktree and branch, with no cross-talk', {
    timeout: 900_000,
  }, async () => {
    const fleet = await makeFleetProject();
    const { project } = fleet;
    await git(project.mainRepo, 'config', 'branch.autoSetupMerge', 'always');
    const names = Array.from({ length: SESSIONS }, (_, i) => `task-${i}`);
    const startedAt = Date.now();
    const ends = await Promise.all(names.map((name) => fleet.run(name, callsFor(name), '--auto-approve')));
    const seconds = (Date.now() - startedAt) / 1000;
    console.info(`ten concurrent sessions: ${seconds.toFixed(1)} s wall clock (7 iterations each)`);

    expect(
      ends.map((end) => end.exitCode),
      ends.map((end) => end.stderr).join('\n'),
    ).toEqual(names.map(() => 0));
    const folders = readdirSync(project.sessions).sort();
    expect(folders.map((folder) => folder.slice(9))).toEqual([...names].sort());
    expect(readdirSync(project.worktrees).sort()).toEqual(folders);

    for (const folder of folders) {
      const name = folder.slice(9);
      const worktree = join(project.worktrees, folder);
      const sessionDir = join(project.sessions, folder);
      expect(await git(worktree, 'branch', '--show-current')).toBe(name);
      expect(readdirSync(worktree).sort()).toEqual(['.git', `work-${name}-1.txt`, `work-${name}-5.txt`]);
      expect(readFileSync(join(worktree, `work-${name}-1.txt`), 'utf8')).toBe(name);
      const rows = readHistory(join(sessionDir, '_signal_history.jsonl')).rows;
      expect(rows.map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(rows.at(-1)?.state).toBe('completed');
      const calls = fleet.invocations(name);
      expect(calls).toHaveLength(7);
      expect(new Set(calls.map((call) => call.cwd))).toEqual(new Set([worktree]));
      const others = names.filter((other) => other !== name);
      const overview = readFileSync(join(sessionDir, '_overview.md'), 'utf8');
      const state = readFileSync(join(sessionDir, '_state.json'), 'utf8');
      for (const other of others) {
        expect(overview).not.toContain(`-${other}`);
        expect(state).not.toContain(`-${other}`);
      }
    }
    const branches = (await git(project.mainRepo, 'branch', '--format=%(refname:short)')).split('\n').sort();
    expect(branches).toEqual(['main', ...names].sort());
    const listed = (await git(project.mainRepo, 'worktree', 'list', '--porcelain'))
      .split('\n')
      .filter((line) => line.startsWith('worktree '));
    expect(listed).toHaveLength(SESSIONS + 1);
    expect(readdirSync(join(project.mainRepo, '.git')).filter((file) => file.endsWith('.lock'))).toEqual([]);
    await fleet.stopAll();
  });
});
