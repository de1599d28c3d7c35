import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildPrompt,
  cachePromptParts,
  readPromptParts,
  SIGNAL_REMINDER,
} from '../../src/providers/prompt.js';
import type { SessionPlace } from '../../src/providers/types.js';

const place: SessionPlace = {
  sessionName: 'login',
  sessionDir: '/s/login',
  workDir: '/w/login',
  mainRepo: '/repo',
  worktreePath: '/w/login',
  branch: 'samocode/login',
  task: 'Add a login form',
  dive: 'auth flow',
};
const base = {
  workflowText: 'WORKFLOW\n',
  agentText: 'AGENT\n',
  phase: 'planning' as const,
  iteration: 4,
  attempt: 2,
  reminder: false,
  place,
  timeoutSeconds: 1800,
  now: Date.parse('2026-11-24T17:05:09.123Z'),
};

describe('buildPrompt', () => {
  it('puts workflow, session context and the agent in that order', () => {
    const prompt = buildPrompt(base);
    const order = ['WORKFLOW', '# Session Context', '# Phase agent: planning-agent', 'AGENT'].map((s) =>
      prompt.indexOf(s),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBe(0);
  });

  it('names paths, phase, iteration, time limit and UTC timestamps', () => {
    const prompt = buildPrompt(base);
    for (const line of [
      '- Session folder: /s/login',
      '- Signal file: /s/login/_signal.json',
      '- Working directory: /w/login',
      '- Branch: samocode/login',
      '- Phase: planning',
      '- Iteration: 4 (file prefix 004)',
      '- Time limit: 1800 seconds (hard; you are stopped at 2026-11-24T17:35:09Z)',
      '- Started at: 2026-11-24T17:05:09Z (UTC)',
      '- Timestamp for file names: 20261124-170509',
    ]) {
      expect(prompt).toContain(`${line}\n`);
    }
  });

  it('gives the task and dive only to the first iteration, to store only', () => {
    expect(buildPrompt(base)).not.toContain('Add a login form');
    const first = buildPrompt({ ...base, iteration: 1 });
    expect(first).toContain('## Initial request (store only)');
    expect(first).toContain('Task: Add a login form');
    expect(first).toContain('Dive topic: auth flow');
  });

  it('adds the reminder only when asked', () => {
    expect(buildPrompt(base)).not.toContain(SIGNAL_REMINDER);
    expect(buildPrompt({ ...base, reminder: true })).toContain(SIGNAL_REMINDER);
  });
});

describe('readPromptParts', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("quotes a rejected plan's reason, line by line, before the agent, only when there is one", () => {
    expect(buildPrompt(base)).not.toContain('# The plan was rejected');
    const prompt = buildPrompt({ ...base, rejection: 'split phase 2\nkeep the API' });
    expect(prompt).toContain(
      '# The plan was rejected\n\nA human rejected the plan at the approval gate. Their reason:\n\n> split phase 2\n> keep the API\n',
    );
    expect(prompt.indexOf('# The plan was rejected')).toBeLessThan(prompt.indexOf('# Phase agent:'));
  });

  it("reads workflow.md and the phase agent's file", async () => {
    dir = mkdtempSync(join(tmpdir(), 'samocode-prompt-'));
    mkdirSync(join(dir, 'agents'));
    writeFileSync(join(dir, 'workflow.md'), 'W');
    writeFileSync(join(dir, 'agents', 'planning-agent.md'), 'P');
    expect(await readPromptParts('planning', dir)).toEqual({ workflowText: 'W', agentText: 'P' });
  });

  it('throws prompt.missing naming the file when an agent is missing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'samocode-prompt-'));
    writeFileSync(join(dir, 'workflow.md'), 'W');
    await expect(readPromptParts('testing', dir)).rejects.toMatchObject({
      code: 'prompt.missing',
      exitCode: 2,
      message: expect.stringContaining(join(dir, 'agents', 'testing-agent.md')),
    });
  });

  it('reads the packaged prompts of the init phase', async () => {
    const parts = await readPromptParts('init');
    expect(parts.workflowText).toContain('# samocode iteration contract');
    expect(parts.agentText.length).toBeGreaterThan(100);
  });
});

describe('cachePromptParts', () => {
  it('reads each phase once, and reads again after a failed read', async () => {
    const reads: string[] = [];
    let isBroken = true;
    const read = cachePromptParts(async (phase) => {
      reads.push(phase);
      if (phase === 'testing' && isBroken) throw new Error('missing');
      return { workflowText: 'W', agentText: phase };
    });
    expect(await read('planning')).toEqual({ workflowText: 'W', agentText: 'planning' });
    expect(await read('planning')).toEqual({ workflowText: 'W', agentText: 'planning' });
    await expect(read('testing')).rejects.toThrow('missing');
    isBroken = false;
    expect(await read('testing')).toEqual({ workflowText: 'W', agentText: 'testing' });
    expect(await read('init')).toEqual({ workflowText: 'W', agentText: 'init' });
    expect(reads).toEqual(['planning', 'testing', 'testing', 'init']);
  });
});
