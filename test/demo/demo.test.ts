/**
 * [slow] `samocode demo` end to end: a throw-away project, the scripted model server, the REAL
 * claude CLI, and `samocode run` through every phase to done (Q&A answered, plan auto-approved).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCli, renderDemoSummary, runDemo } from '../../src/demo/index.js';
import { packageRoot } from '../../src/package-root.js';

const parentDir = mkdtempSync(join(tmpdir(), 'samocode-demo-e2e-'));
afterAll(() => rmSync(parentDir, { recursive: true, force: true }));

describe('[slow] samocode demo', () => {
  it('runs the real claude through every phase to done and cleans up', { timeout: 180_000 }, async () => {
    const root = packageRoot();
    const cliPath = await findCli('claude', root, '');
    expect(cliPath).toBe(join(root, 'node_modules/.bin/claude'));
    const printed: string[] = [];
    const result = await runDemo({
      provider: 'claude',
      cliPath: cliPath ?? '',
      packageRoot: root,
      keep: false,
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
    expect(existsSync(result.project.root)).toBe(false);
    const summary = renderDemoSummary(result);
    expect(summary).toContain('samocode demo: the session reached done.');
    expect(summary).toContain(
      'iterations:     9 (init → investigation → requirements → requirements → planning',
    );
  });
});
