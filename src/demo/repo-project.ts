/**
 * `samocode demo --repo <path>`: the demo on the user's own git repository. The demo makes a temp
 * folder (its `.samocode`, worktrees, sessions and HOME) and, in the repository, one worktree on a
 * branch of its own (`samocode-demo/demo-<id>`, from the current branch). The checkout, its files
 * and every other branch are left as they were; the summary says how to remove what it made.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SamocodeError } from '../errors.js';
import { runGit } from '../process/git.js';
import { type DemoProject, renderSamocodeFile } from './demo-project.js';

/** The demo's branches in the user's repository are `samocode-demo/<session>`. */
export const REPO_BRANCH_PREFIX = 'samocode-demo';

export const REPO_TASK =
  'Write SAMOCODE-DEMO.md at the repository root: a short tour of this repository (its recent history and first files). Change nothing else.';

/** The repository's top folder; refuses a path that is not a git checkout with a commit. */
export async function readRepoRoot(path: string): Promise<string> {
  const refuse = (why: string) => new SamocodeError('demo.repo', `samocode demo --repo ${path}: ${why}`);
  const top = await runGit(path, ['rev-parse', '--show-toplevel']);
  const root = top.stdout.trim();
  if (top.exitCode !== 0 || root === '')
    throw refuse(
      `not a git repository (${top.stderr.trim().slice(0, 200) || 'git found no work tree'}); point --repo at a git checkout`,
    );
  const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.exitCode !== 0)
    throw refuse('the repository has no commit yet; commit something first (the demo branches from it)');
  return root;
}

/** The session of one demo run: its id is the temp folder's, so two demos never share a branch. */
export function toRepoSessionName(root: string): string {
  const id = basename(root)
    .replace(/^samocode-demo-/, '')
    .replace(/[^A-Za-z0-9]/g, '');
  return `demo-${id.toLowerCase()}`;
}

export async function createRepoProject(repo: string, parent: string = tmpdir()): Promise<DemoProject> {
  const mainRepo = await readRepoRoot(repo);
  const root = await mkdtemp(join(parent, 'samocode-demo-'));
  const project: DemoProject = {
    root,
    mainRepo,
    worktrees: join(root, 'worktrees'),
    sessions: join(root, 'sessions'),
    configFile: join(root, '.samocode'),
    home: join(root, 'home'),
    kind: 'repo',
    sessionName: toRepoSessionName(root),
    task: REPO_TASK,
  };
  for (const dir of [project.worktrees, project.sessions, project.home, join(root, 'no-hooks')]) {
    await mkdir(dir, { recursive: true });
  }
  await writeFile(
    project.configFile,
    renderSamocodeFile(project, {
      comment: `Made by \`samocode demo --repo\` for ${mainRepo}; the summary says how to remove it.`,
      branchPrefix: REPO_BRANCH_PREFIX,
    }),
  );
  return project;
}

/**
 * git settings for every git the demo's run starts (samocode's and the agent's): the repository's
 * hooks do not run (a post-checkout or pre-commit hook is the user's, not the demo's), and commits
 * are not signed (the demo's HOME has no key).
 */
export function repoGitEnv(project: Pick<DemoProject, 'root'>): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'core.hooksPath',
    GIT_CONFIG_VALUE_0: join(project.root, 'no-hooks'),
    GIT_CONFIG_KEY_1: 'commit.gpgsign',
    GIT_CONFIG_VALUE_1: 'false',
  };
}
