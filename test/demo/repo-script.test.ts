/**
 * The demo's script for the user's own repository (`samocode demo --repo`), played without a CLI:
 * each command runs in a real bash in a worktree of a real repository, with the git settings the
 * demo gives its run, and the signals are read with the machine's own rules.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phase } from '../../machines/phases.js';
import { toSignalEvent } from '../../machines/signal.js';
import { demoScript } from '../../src/demo/demo-script.js';
import type { ToolResult } from '../../src/demo/model-server/index.js';
import { REPO_QA_ANSWERS, TOUR_FILE } from '../../src/demo/repo-phases.js';
import { repoGitEnv } from '../../src/demo/repo-project.js';
import { buildPrompt, readPromptParts } from '../../src/providers/prompt.js';
import { git } from '../helpers/git.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { makeUserRepo, snapshotRepo, type UserRepo } from './user-repo.js';

let repo: UserRepo;
let demoRoot: string;
let sessions: string;
let sessionDir: string;
let worktree: string;
const BRANCH = 'samocode-demo/demo-abc123';

beforeAll(async () => {
  repo = await makeUserRepo();
  demoRoot = makeTempTree({ 'no-hooks/': '' }, 'samocode-demo-');
  sessions = join(demoRoot, 'sessions');
  sessionDir = join(sessions, '26-11-24-demo-abc123');
  worktree = join(demoRoot, 'worktrees', '26-11-24-demo-abc123');
  mkdirSync(sessionDir, { recursive: true });
  await execa('git', ['worktree', 'add', '-q', '-b', BRANCH, worktree], {
    cwd: repo.dir,
    env: repoGitEnv({ root: demoRoot }),
  });
});

afterAll(removeTempTrees);

async function playIteration(phase: Phase, iteration: number): Promise<string> {
  const prompt = buildPrompt({
    ...(await readPromptParts(phase)),
    phase,
    iteration,
    attempt: 1,
    reminder: false,
    timeoutSeconds: 120,
    now: Date.UTC(2026, 10, 24, 18, 0, 0),
    place: {
      sessionName: '26-11-24-demo-abc123',
      sessionDir,
      workDir: worktree,
      mainRepo: repo.dir,
      worktreePath: worktree,
      branch: BRANCH,
    },
  });
  const script = demoScript({ sessionsDir: sessions, sessionName: 'demo-abc123', kind: 'repo' });
  const toolResults: ToolResult[] = [];
  for (;;) {
    const reply = script({ api: 'anthropic', prompt, toolResults, model: 'm' });
    if (reply.kind !== 'tools') break;
    for (const call of reply.calls) {
      if (call.tool !== 'shell') throw new Error(`unexpected tool ${call.tool}`);
      const ran = await execa('bash', ['-c', call.command], {
        cwd: worktree,
        all: true,
        reject: false,
        env: {
          ...repoGitEnv({ root: demoRoot }),
          GIT_AUTHOR_NAME: 'd',
          GIT_AUTHOR_EMAIL: 'd@x',
          GIT_COMMITTER_NAME: 'd',
          GIT_COMMITTER_EMAIL: 'd@x',
        },
      });
      expect(ran.exitCode, `${phase}: ${call.command}\n${ran.all}`).toBe(0);
      toolResults.push({ callId: String(toolResults.length), output: String(ran.all) });
    }
  }
  const signal = readFileSync(join(sessionDir, '_signal.json'), 'utf8');
  rmSync(join(sessionDir, '_signal.json'));
  return signal;
}

describe('the demo script on a user repository', () => {
  it('plays every phase to done, commits only the tour on its branch and leaves the checkout and hooks alone', async () => {
    const before = await snapshotRepo(repo.dir, [BRANCH]);
    const phases: Phase[] = ['init', 'investigation', 'requirements'];
    const seen: Array<[Phase, string, string | undefined]> = [];
    let iteration = 0;
    const play = async (phase: Phase) => {
      iteration += 1;
      const event = toSignalEvent(await playIteration(phase, iteration));
      seen.push([phase, event.type, 'target' in event ? event.target : undefined]);
    };
    for (const phase of phases) await play(phase);
    expect(readFileSync(join(sessionDir, '_qa.md'), 'utf8')).toContain('_(waiting for a human)_');
    writeFileSync(join(sessionDir, '_qa.md'), REPO_QA_ANSWERS);
    for (const phase of ['requirements', 'planning', 'implementation', 'testing', 'quality', 'done'] as const)
      await play(phase);

    expect(seen).toEqual([
      ['init', 'signal.continue', 'investigation'],
      ['investigation', 'signal.continue', 'requirements'],
      ['requirements', 'signal.waiting', undefined],
      ['requirements', 'signal.continue', 'planning'],
      ['planning', 'signal.waiting', undefined],
      ['implementation', 'signal.continue', 'testing'],
      ['testing', 'signal.continue', 'quality'],
      ['quality', 'signal.continue', 'done'],
      ['done', 'signal.done', undefined],
    ]);
    expect(readFileSync(join(sessionDir, 'findings.md'), 'utf8')).toBe(
      '# Findings\n\n- 2 tracked files; at the top level:\n  - README.md\n  - src\n- The latest commit: ' +
        `${await git(repo.dir, 'log', '-1', '--format=%h %s')}\n`,
    );
    expect(readFileSync(join(sessionDir, 'test-report.md'), 'utf8')).toContain(
      `PASS: ${TOUR_FILE} is the only change`,
    );
    expect(await git(repo.dir, 'log', '--format=%s', `trunk..${BRANCH}`)).toBe(
      `implementation: add ${TOUR_FILE}, a tour of the repository`,
    );
    expect(await git(repo.dir, 'diff', '--name-only', `trunk...${BRANCH}`)).toBe(TOUR_FILE);
    expect(readFileSync(join(worktree, TOUR_FILE), 'utf8')).toContain(
      '## Files (2 tracked, up to 20 listed)\n\n- README.md\n- src/index.js\n',
    );
    // The user's checkout, its uncommitted and untracked files, its branches: as they were.
    expect(await snapshotRepo(repo.dir, [BRANCH])).toEqual(before);
    expect(existsSync(repo.hookMark)).toBe(false);
  });
});
