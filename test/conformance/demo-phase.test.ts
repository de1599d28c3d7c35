/**
 * [slow] The demo script through the REAL CLIs: one implementation iteration, with samocode's
 * real prompt, run by claude's Bash tool and by codex's exec tool (files, `node --test`, a commit).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { toSignalEvent } from '../../machines/signal.js';
import { createDemoProject, type DemoProject, removeDemoProject } from '../../src/demo/demo-project.js';
import { demoScript } from '../../src/demo/demo-script.js';
import { type ModelServer, startModelServer } from '../../src/demo/model-server/index.js';
import { buildPrompt, readPromptParts } from '../../src/providers/prompt.js';
import { runRealClaude, runRealCodex, type Sandbox } from '../helpers/model-server.js';

// A whole iteration of several tool calls: claude 2.1.33x needed ~50 s at load 40.
const SLOW = { timeout: 120_000 };
const opened: Array<{ server: ModelServer; project: DemoProject }> = [];

afterEach(async () => {
  for (const { server, project } of opened.splice(0)) {
    await server.close();
    await removeDemoProject(project);
  }
});

async function setUp(): Promise<{
  server: ModelServer;
  sandbox: Sandbox;
  prompt: string;
  sessionDir: string;
}> {
  const project = await createDemoProject();
  const server = await startModelServer({
    script: demoScript({ sessionsDir: project.sessions, sessionName: 'demo' }),
  });
  opened.push({ server, project });
  const sessionDir = join(project.sessions, '26-11-24-demo');
  const worktree = join(project.worktrees, 'demo');
  mkdirSync(sessionDir);
  await execa('git', ['worktree', 'add', '-q', '-b', 'samocode/demo', worktree], { cwd: project.mainRepo });
  const prompt = buildPrompt({
    ...(await readPromptParts('implementation')),
    phase: 'implementation',
    iteration: 6,
    attempt: 1,
    reminder: false,
    timeoutSeconds: 120,
    now: Date.now(),
    place: {
      sessionName: 'demo',
      sessionDir,
      workDir: worktree,
      mainRepo: project.mainRepo,
      worktreePath: worktree,
      branch: 'samocode/demo',
    },
  });
  const sandbox: Sandbox = {
    root: project.root,
    home: project.home,
    workDir: worktree,
    cleanup: () => undefined,
  };
  return { server, sandbox, prompt, sessionDir };
}

async function expectImplemented(sandbox: Sandbox, sessionDir: string): Promise<void> {
  expect(existsSync(join(sandbox.workDir, 'src/slugify.js'))).toBe(true);
  const log = await execa('git', ['log', '-1', '--format=%s'], { cwd: sandbox.workDir });
  expect(log.stdout).toBe('implementation: add slugify with a test');
  expect(toSignalEvent(readFileSync(join(sessionDir, '_signal.json'), 'utf8'))).toEqual({
    type: 'signal.continue',
    target: 'testing',
    summary: 'slugify and its test are committed.',
  });
}

describe('[slow] the demo script through the real CLIs', () => {
  it('claude runs the implementation iteration with its Bash tool', SLOW, async () => {
    const { server, sandbox, prompt, sessionDir } = await setUp();
    const run = await runRealClaude({ server, sandbox, prompt, maxTurns: 30 });
    expect(run.classified.outcome).toBe('success');
    await expectImplemented(sandbox, sessionDir);
    const testRun = server.requests.find((request) => request.conversation?.toolResults.length === 3);
    expect(testRun?.conversation?.toolResults[2]?.output).toMatch(/# pass 2/);
  });

  it('codex runs the implementation iteration with its exec tool', SLOW, async () => {
    const { server, sandbox, prompt, sessionDir } = await setUp();
    const run = await runRealCodex({ server, sandbox, prompt });
    expect(run.classified.outcome).toBe('success');
    await expectImplemented(sandbox, sessionDir);
  });
});
