/**
 * The demo's scripted model, played without a CLI: each tool call it asks for is run in a real
 * bash in a real git worktree, just as claude's Bash or codex's exec_command would run it, and
 * the `_signal.json` it leaves is read with the machine's own signal rules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalEvent } from '../../machines/events.js';
import type { Phase } from '../../machines/phases.js';
import { toSignalEvent } from '../../machines/signal.js';
import { QA_ANSWERS } from '../../src/demo/demo-phases.js';
import { createDemoProject, type DemoProject, removeDemoProject } from '../../src/demo/demo-project.js';
import { readPromptPhase, sessionDirExpression } from '../../src/demo/demo-prompt.js';
import { demoScript } from '../../src/demo/demo-script.js';
import type { ToolResult } from '../../src/demo/model-server/index.js';
import { buildPrompt, readPromptParts } from '../../src/providers/prompt.js';

let project: DemoProject;
let sessionDir: string;
let worktree: string;

beforeAll(async () => {
  project = await createDemoProject(mkdtempSync(join(tmpdir(), 'samocode-demo-test-')));
  sessionDir = join(project.sessions, '26-11-24-demo');
  worktree = join(project.worktrees, 'demo');
  mkdirSync(sessionDir);
  await execa('git', ['worktree', 'add', '-q', '-b', 'samocode/demo', worktree], { cwd: project.mainRepo });
});

afterAll(async () => {
  await removeDemoProject(project);
  rmSync(join(project.root, '..'), { recursive: true, force: true });
});

async function promptFor(phase: Phase, iteration: number): Promise<string> {
  return buildPrompt({
    ...(await readPromptParts(phase)),
    phase,
    iteration,
    attempt: 1,
    reminder: false,
    timeoutSeconds: 120,
    now: Date.UTC(2026, 10, 24, 18, 0, 0),
    place: {
      sessionName: 'demo',
      sessionDir,
      workDir: worktree,
      mainRepo: project.mainRepo,
      worktreePath: worktree,
      branch: 'samocode/demo',
    },
  });
}

/** Plays one iteration: asks the script, runs each command in bash, feeds the output back. */
async function playIteration(phase: Phase, iteration: number): Promise<{ calls: number; signal: string }> {
  const script = demoScript({ sessionsDir: project.sessions, sessionName: 'demo' });
  const prompt = await promptFor(phase, iteration);
  const toolResults: ToolResult[] = [];
  for (;;) {
    const reply = script({ api: 'anthropic', prompt, toolResults, model: 'm' });
    if (reply.kind !== 'tools') break;
    for (const call of reply.calls) {
      if (call.tool !== 'shell') throw new Error(`unexpected tool ${call.tool}`);
      const ran = await execa('bash', ['-c', call.command], { cwd: worktree, all: true, reject: false });
      expect(ran.exitCode, `${phase}: ${call.command}\n${ran.all}`).toBe(0);
      toolResults.push({ callId: String(toolResults.length), output: String(ran.all) });
    }
  }
  const signal = readFileSync(join(sessionDir, '_signal.json'), 'utf8');
  rmSync(join(sessionDir, '_signal.json'));
  return { calls: toolResults.length, signal };
}

describe('the demo script', () => {
  it('reads the phase and the session folder from the Session Context', async () => {
    const prompt = await promptFor('testing', 7);
    expect(readPromptPhase(prompt)).toBe('testing');
    expect(sessionDirExpression(prompt, project.sessions, 'demo')).toBe(`'${sessionDir}'`);
    expect(readPromptPhase('no context here')).toBeUndefined();
    expect(sessionDirExpression('nothing', '/s', 'demo')).toBe(`"$(ls -d '/s'/*-'demo' | tail -n 1)"`);
  });

  it('plays every phase to done through real shell commands, with one Q&A round', async () => {
    const events: Array<[Phase, SignalEvent]> = [];
    let iteration = 0;
    const play = async (phase: Phase) => {
      iteration += 1;
      const { signal } = await playIteration(phase, iteration);
      events.push([phase, toSignalEvent(signal)]);
    };
    await play('init');
    await play('investigation');
    await play('requirements');
    expect(readFileSync(join(sessionDir, '_qa.md'), 'utf8')).toContain('_(waiting for a human)_');
    writeFileSync(join(sessionDir, '_qa.md'), QA_ANSWERS);
    await play('requirements');
    await play('planning');
    await play('implementation');
    await play('testing');
    await play('quality');
    await play('done');

    expect(
      events.map(([phase, event]) => [phase, event.type, 'target' in event ? event.target : undefined]),
    ).toEqual([
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
    for (const file of [
      'findings.md',
      'requirements.md',
      'plan.md',
      'test-report.md',
      'review.md',
      'summary.md',
    ]) {
      expect(readFileSync(join(sessionDir, file), 'utf8').length).toBeGreaterThan(10);
    }
    expect(readFileSync(join(sessionDir, 'test-report.md'), 'utf8')).toMatch(/# pass 2\b/);
    const log = await execa('git', ['log', '--format=%s', 'main..samocode/demo'], { cwd: project.mainRepo });
    expect(log.stdout).toBe('implementation: add slugify with a test');
  });

  it('answers with plain text when the prompt names no phase', () => {
    const reply = demoScript({ sessionsDir: '/s', sessionName: 'demo' })({
      api: 'openai',
      prompt: 'hello',
      toolResults: [],
      model: 'm',
    });
    expect(reply).toEqual({ kind: 'text', text: 'I cannot find the phase in the Session Context.' });
  });
});
