/**
 * [slow] `samocode demo` end to end: a throw-away project, the scripted model server, the REAL
 * claude CLI, and `samocode run` through every phase to done (Q&A answered, plan auto-approved).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDemoProject } from '../../src/demo/demo-project.js';
import { findCli, renderDemoSummary, runDemo } from '../../src/demo/index.js';
import { packageRoot } from '../../src/package-root.js';

const parentDir = mkdtempSync(join(tmpdir(), 'samocode-demo-e2e-'));
afterAll(() => rmSync(parentDir, { recursive: true, force: true }));

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
    await removeDemoProject(result.project);
    expect(existsSync(result.project.root)).toBe(false);
    const summary = renderDemoSummary(result);
    expect(summary).toContain('samocode demo: the session reached done.');
    expect(summary).toContain(
      'iterations:     9 (init → investigation → requirements → requirements → planning',
    );
  });
});
