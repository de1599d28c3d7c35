/**
 * The throw-away project the demo works on: a tiny ES-module library with one `node --test`
 * test, in its own git repo, plus the `.samocode` file and the folders samocode needs.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../process/git.js';

export interface DemoProject {
  /** The temp folder holding everything below; removing it removes the demo. */
  readonly root: string;
  readonly mainRepo: string;
  readonly worktrees: string;
  readonly sessions: string;
  /** The `.samocode` file (outside the repo so the worktree stays clean). */
  readonly configFile: string;
  /** HOME and CLI config folders for the provider, so the user's own are never touched. */
  readonly home: string;
  /** `library`: a throw-away library made for the demo; `repo`: the user's repository (`--repo`). */
  readonly kind: 'library' | 'repo';
  /** The `--session` the demo runs. */
  readonly sessionName: string;
  readonly task: string;
}

export const DEMO_SESSION = 'demo';

export const DEMO_TASK = 'Add a slugify(text) function to the library, with a node --test test.';

const FILES: Readonly<Record<string, string>> = {
  'package.json': `${JSON.stringify(
    {
      name: 'samocode-demo-lib',
      version: '1.0.0',
      type: 'module',
      private: true,
      scripts: { test: 'node --test' },
    },
    null,
    2,
  )}\n`,
  'src/sum.js': '/** Adds two numbers. */\nexport function sum(a, b) {\n  return a + b;\n}\n',
  'test/sum.test.js': [
    "import assert from 'node:assert/strict';",
    "import { test } from 'node:test';",
    "import { sum } from '../src/sum.js';",
    '',
    "test('sum adds', () => {",
    '  assert.equal(sum(2, 3), 5);',
    '});',
    '',
  ].join('\n'),
  'README.md': '# samocode demo library\n\nA throw-away project made by `samocode demo`.\n',
};

/** A `.samocode` value that reads back as written: bare when it can, else quoted (kept verbatim). */
function toSamocodeValue(value: string): string {
  if (/^[^\s#"']+$/.test(value)) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  throw new Error(
    `samocode demo: cannot write the path ${value} into .samocode (it holds both kinds of quote)`,
  );
}

/** Renders the `.samocode` file (KEY=VALUE). Pure. */
export function renderSamocodeFile(
  project: Pick<DemoProject, 'mainRepo' | 'worktrees' | 'sessions'>,
  options: { readonly comment?: string; readonly branchPrefix?: string } = {},
): string {
  return [
    `# ${options.comment ?? 'Made by `samocode demo`; removed with the demo unless --keep was given.'}`,
    `MAIN_REPO=${toSamocodeValue(project.mainRepo)}`,
    `WORKTREES=${toSamocodeValue(project.worktrees)}`,
    `SESSIONS=${toSamocodeValue(project.sessions)}`,
    ...(options.branchPrefix ? [`GIT_BRANCH_PREFIX=${options.branchPrefix}`] : []),
    '',
  ].join('\n');
}

const GIT_IDENTITY = ['-c', 'user.name=samocode demo', '-c', 'user.email=demo@samocode.invalid'];

export async function createDemoProject(parent: string = tmpdir()): Promise<DemoProject> {
  const root = await mkdtemp(join(parent, 'samocode-demo-'));
  const project: DemoProject = {
    root,
    mainRepo: join(root, 'demo-lib'),
    worktrees: join(root, 'worktrees'),
    sessions: join(root, 'sessions'),
    configFile: join(root, '.samocode'),
    home: join(root, 'home'),
    kind: 'library',
    sessionName: DEMO_SESSION,
    task: DEMO_TASK,
  };
  for (const dir of [project.mainRepo, project.worktrees, project.sessions, project.home]) {
    await mkdir(dir, { recursive: true });
  }
  for (const [file, content] of Object.entries(FILES)) {
    await mkdir(join(project.mainRepo, file, '..'), { recursive: true });
    await writeFile(join(project.mainRepo, file), content);
  }
  await writeFile(project.configFile, renderSamocodeFile(project));
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'A tiny library with one test'],
  ]) {
    const done = await runGit(project.mainRepo, [...GIT_IDENTITY, ...args]);
    if (done.exitCode !== 0)
      throw new Error(
        `demo project: git ${args[0]} failed in ${project.mainRepo}: ${done.stderr.trim().slice(0, 300)}`,
      );
  }
  return project;
}

export async function removeDemoProject(project: Pick<DemoProject, 'root' | 'mainRepo'>): Promise<void> {
  await rm(project.root, { recursive: true, force: true });
}
