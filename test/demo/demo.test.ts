/**
 * [slow] `samocode demo` end to end: a throw-away project (or the user's repository), the scripted
 * model server, the REAL claude CLI, and `samocode run` through every phase to done (Q&A answered,
 * plan auto-approved).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDemoProject } from '../../src/demo/demo-project.js';
import { findCli, renderDemoSummary, runDemo } from '../../src/demo/index.js';
import { packageRoot } from '../../src/package-root.js';
import { git } from '../helpers/git.js';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import { makeUserRepo, snapshotRepo } from './user-repo.js';

const parentDir = mkdtempSync(join(tmpdir(), 'samocode-demo-e2e-'));
afterAll(() => {
  rmSync(parentDir, { recursive: true, force: true });
  removeTempTrees();
});

describe('[slow] samocode demo', () => {
  it('runs the real claude through every phase to done, leaving code, commits and documents', {
    timeout: 180_000,
  }, async () => {
    const root = packageRoot();
    const cliPath = await findCli('claude', root, '');
    expect(cliPath).toBe(join(root, 'node_modules/.bin/claude'));
    const printed: string[] = [];
    const result = await runDemo({
      provider: 'claude',
      cliPath: cliPath ?? '',
      packageRoot: root,
      keep: true,
      echo: false,
      parentDir,
      print: (line) => printed.push(line),
    });

    expect(result.exitCode, result.output).toBe(0);
    expect(result.phases).toEqual([
      'init',
      'investigation',
      'requirements',
      'requirements',
      'planning',
      'implementation',
      'testing',
      'quality',
      'done',
    ]);
    expect(result.iterations).toBe(9);
    expect(result.rounds).toBe(2);
    expect(result.branch).toMatch(/demo/);
    expect(printed.some((line) => line.includes('answered the questions in _qa.md'))).toBe(true);
    // The work product, kept with --keep: code committed on the session branch, the documents.
    const log = await execa('git', ['log', '--format=%s', `main..${result.branch ?? ''}`], {
      cwd: result.project.mainRepo,
    });
    expect(log.stdout).toBe('implementation: add slugify with a test');
    expect(existsSync(join(result.worktree ?? '', 'test/slugify.test.js'))).toBe(true);
    for (const file of [
      '_qa.md',
      'findings.md',
      'requirements.md',
      'plan.md',
      'test-report.md',
      'review.md',
      'summary.md',
    ]) {
      expect(existsSync(join(result.sessionDir ?? '', file)), file).toBe(true);
    }
    expect(readFileSync(join(result.sessionDir ?? '', '_qa.md'), 'utf8')).toContain(
      '**Answer:** Yes, keep digits.',
    );
    // The demo's caps bound its worst case to about half an hour, and nothing is left to advise.
    const worstCase = result.output.split('\n').find((line) => line.includes('worst case from init.running'));
    expect(worstCase).toMatch(/, \d+ min \(provider time capped at 30 min, .*\), cost capped at \$5\.00$/);
    expect(worstCase).not.toContain('to cap it');
    await removeDemoProject(result.project);
    expect(existsSync(result.project.root)).toBe(false);
    const summary = renderDemoSummary(result);
    expect(summary).toContain('samocode demo: the session reached done.');
    expect(summary).toMatch(
      / {2}iterations: +9 \(init → investigation → requirements → requirements → planning/,
    );
  });

  it('--repo runs on the user repository through the built bin, leaves it as it was, and its removal commands work', {
    timeout: 240_000,
  }, async () => {
    const repo = await makeUserRepo();
    const before = await snapshotRepo(repo.dir);
    const demo = await execa(process.execPath, [SAMOCODE_BIN, 'demo', '--repo', repo.dir], {
      cwd: parentDir,
      env: { PATH: process.env.PATH ?? '', HOME: parentDir, TMPDIR: parentDir },
      extendEnv: false,
      reject: false,
    });
    expect(demo.exitCode, String(demo.stdout) + String(demo.stderr)).toBe(0);
    const out = String(demo.stdout);
    expect(out).toContain(
      `samocode demo: on your repository ${repo.dir}, in a worktree of its own on a new branch`,
    );
    expect(out).toContain('samocode demo: the session reached done.');
    const branch = /^ {2}branch: +(samocode-demo\/demo-[a-z0-9]+) in /m.exec(out)?.[1] ?? '';
    expect(branch).not.toBe('');
    // The work is on the demo branch only; the checkout, its changes and the other branches are untouched.
    expect(await git(repo.dir, 'log', '--format=%s', `trunk..${branch}`)).toBe(
      'implementation: add SAMOCODE-DEMO.md, a tour of the repository',
    );
    expect(await snapshotRepo(repo.dir, [branch])).toEqual(before);
    expect(existsSync(repo.hookMark)).toBe(false);

    // The removal lines, pasted into sh as a user would (samocode being the built bin).
    const removal = out
      .split('\n')
      .filter((line) => /^ {2}(remove it: +| {18})\S/.test(line))
      .map((line) => line.replace(/^ {2}(remove it:)? +/, '').replace(/^samocode /, `node ${SAMOCODE_BIN} `));
    expect(removal).toHaveLength(2);
    expect(removal[0]).toMatch(
      / clean --config .* --session \d\d-\d\d-\d\d-demo-[a-z0-9]+ --delete-branch --force$/,
    );
    expect(removal[1]).toMatch(/^rm -rf /);
    const removed = await execa('sh', ['-c', removal.join(' && ')], {
      env: { PATH: process.env.PATH ?? '', HOME: parentDir },
      extendEnv: false,
      reject: false,
    });
    expect(removed.exitCode, String(removed.stdout) + String(removed.stderr)).toBe(0);
    expect(await snapshotRepo(repo.dir)).toEqual(before);
    expect(await git(repo.dir, 'worktree', 'list', '--porcelain')).toBe(
      `worktree ${repo.dir}\nHEAD ${await git(repo.dir, 'rev-parse', 'HEAD')}\nbranch refs/heads/trunk`,
    );
    expect(existsSync(repo.hookMark)).toBe(false);
  });
});
