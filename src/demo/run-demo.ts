/**
 * `samocode demo`: a throw-away project, the scripted model server, and a real provider CLI
 * driven by `samocode run` through every phase to `done`. The Q&A is answered and the plan
 * approved automatically.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { runGit } from '../process/git.js';
import type { ProviderName } from '../providers/types.js';
import { readHistory } from '../session/history.js';
import { buildSessionPaths } from '../session/paths.js';
import { buildDemoEnv } from './demo-env.js';
import { QA_ANSWERS } from './demo-phases.js';
import { createDemoProject, type DemoProject, removeDemoProject } from './demo-project.js';
import { demoScript } from './demo-script.js';
import { codexProviderConfig } from './model-server/codex-config.js';
import { startModelServer } from './model-server/index.js';
import { REPO_QA_ANSWERS } from './repo-phases.js';
import { createRepoProject, repoGitEnv } from './repo-project.js';
import { builtBinBeside, runningFromSources, runSamocodeChild, samocodeInvocation } from './run-child.js';

export { DEMO_SESSION } from './demo-project.js';

/** `samocode run` is started at most this many times (the Q&A wait needs two). */
const MAX_ROUNDS = 4;

export interface DemoOptions {
  readonly provider: ProviderName;
  readonly cliPath: string;
  readonly packageRoot: string;
  readonly keep: boolean;
  /** The user's git repository to run the demo on (`--repo`), instead of a throw-away library. */
  readonly repo?: string;
  /** Show the runner's own output live (the CLI); tests capture it instead. */
  readonly echo: boolean;
  readonly parentDir?: string;
  readonly print: (line: string) => void;
  /** Ctrl-C: the runner child stops its session and the demo ends. */
  readonly signal?: AbortSignal;
}

export interface DemoResult {
  readonly exitCode: number;
  readonly project: DemoProject;
  readonly kept: boolean;
  readonly sessionDir?: string;
  readonly worktree?: string;
  readonly branch?: string;
  readonly iterations: number;
  readonly phases: readonly string[];
  readonly rounds: number;
  readonly modelRequests: number;
  readonly durationMs: number;
  readonly output: string;
}

function findSessionDir(sessions: string, sessionName: string): string | undefined {
  if (!existsSync(sessions)) return undefined;
  const found = readdirSync(sessions)
    .filter((name) => name.endsWith(`-${sessionName}`) || name === sessionName)
    .sort()
    .at(-1);
  return found === undefined ? undefined : join(sessions, found);
}

/** The demo's own worktree (a user's repository may have others). */
async function readWorktree(project: DemoProject): Promise<{ path?: string; branch?: string }> {
  const listed = await runGit(project.mainRepo, ['worktree', 'list', '--porcelain']);
  const folders = [project.worktrees, realpathSync(project.worktrees)];
  const block = listed.stdout
    .split('\n\n')
    .find((text) => folders.some((folder) => text.startsWith(`worktree ${folder}${sep}`)));
  if (block === undefined) return {};
  const path = /^worktree (.+)$/m.exec(block)?.[1];
  const branch = /^branch refs\/heads\/(.+)$/m.exec(block)?.[1];
  return { ...(path ? { path } : {}), ...(branch ? { branch } : {}) };
}

/** The `_qa.md` still has unanswered questions: the demo plays the human and answers them. */
function needsAnswers(sessionDir: string | undefined): sessionDir is string {
  if (sessionDir === undefined) return false;
  const qa = buildSessionPaths(sessionDir).qa;
  return existsSync(qa) && readFileSync(qa, 'utf8').includes('_(waiting for a human)_');
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const startedAt = Date.now();
  const project =
    options.repo === undefined
      ? await createDemoProject(options.parentDir)
      : await createRepoProject(options.repo, options.parentDir);
  const server = await startModelServer({
    script: demoScript({
      sessionsDir: project.sessions,
      sessionName: project.sessionName,
      kind: project.kind,
    }),
  });
  const env = {
    ...buildDemoEnv({
      provider: options.provider,
      cliPath: options.cliPath,
      baseUrl: server.baseUrl,
      project,
      parentEnv: process.env,
      isRoot: process.getuid?.() === 0,
    }),
    ...(project.kind === 'repo' ? repoGitEnv(project) : {}),
  };
  if (options.provider === 'codex') {
    const codexHome = join(project.home, '.codex');
    await mkdir(codexHome, { recursive: true });
    await writeFile(join(codexHome, 'config.toml'), codexProviderConfig(server.baseUrl));
  }
  options.print(
    project.kind === 'repo'
      ? `samocode demo: on your repository ${project.mainRepo}, in a worktree of its own on a new branch; your checkout and your branches are left as they are (the demo's files are in ${project.root})`
      : `samocode demo: a throw-away project in ${project.root}`,
  );
  options.print(`samocode demo: task: ${project.task}`);
  options.print(
    `samocode demo: scripted model on ${server.baseUrl}, provider ${options.provider} (${options.cliPath})`,
  );

  let exitCode: number = EXIT.internalError;
  let rounds = 0;
  let output = '';
  try {
    while (rounds < MAX_ROUNDS) {
      rounds += 1;
      const runArgs = [
        'run',
        '--config',
        project.configFile,
        '--session',
        project.sessionName,
        '--auto-approve',
      ];
      if (rounds === 1) runArgs.push('--task', project.task);
      const fromSources = runningFromSources();
      const invocation = samocodeInvocation(
        options.packageRoot,
        fromSources,
        runArgs,
        fromSources ? undefined : builtBinBeside(),
      );
      const child = await runSamocodeChild(invocation, {
        cwd: project.root,
        env,
        echo: options.echo,
        timeoutMs: 300_000,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      output += child.output;
      exitCode = child.exitCode;
      const sessionDir = findSessionDir(project.sessions, project.sessionName);
      if (exitCode === EXIT.waiting && needsAnswers(sessionDir)) {
        await writeFile(
          buildSessionPaths(sessionDir).qa,
          project.kind === 'repo' ? REPO_QA_ANSWERS : QA_ANSWERS,
        );
        options.print('samocode demo: answered the questions in _qa.md (as a human would); running again');
        continue;
      }
      break;
    }
  } finally {
    await server.close();
  }

  const sessionDir = findSessionDir(project.sessions, project.sessionName);
  const worktree = await readWorktree(project);
  const rows = sessionDir === undefined ? [] : readHistory(buildSessionPaths(sessionDir).history).rows;
  const result: DemoResult = {
    exitCode,
    project,
    // The user's repository keeps the demo's branch to look at; the summary says how to remove it.
    kept: options.keep || project.kind === 'repo',
    ...(sessionDir ? { sessionDir } : {}),
    ...(worktree.path ? { worktree: worktree.path } : {}),
    ...(worktree.branch ? { branch: worktree.branch } : {}),
    iterations: rows.length,
    phases: rows.map((row) => row.sourcePhase),
    rounds,
    modelRequests: server.requests.length,
    durationMs: Date.now() - startedAt,
    output,
  };
  if (!result.kept) await removeDemoProject(project);
  return result;
}
