/** What the demo prints at the end: where things are, and how to remove what it left (or that it left nothing). */
import { describe, expect, it } from 'vitest';
import type { DemoProject } from '../../src/demo/demo-project.js';
import { renderDemoSummary } from '../../src/demo/demo-summary.js';
import type { DemoResult } from '../../src/demo/run-demo.js';

const library: DemoProject = {
  root: '/tmp/samocode-demo-AbC123',
  mainRepo: '/tmp/samocode-demo-AbC123/demo-lib',
  worktrees: '/tmp/samocode-demo-AbC123/worktrees',
  sessions: '/tmp/samocode-demo-AbC123/sessions',
  configFile: '/tmp/samocode-demo-AbC123/.samocode',
  home: '/tmp/samocode-demo-AbC123/home',
  kind: 'library',
  sessionName: 'demo',
  task: 'slugify',
};

const result = (project: DemoProject, kept: boolean, fields: Partial<DemoResult> = {}): DemoResult => ({
  exitCode: 0,
  project,
  kept,
  sessionDir: `${project.sessions}/26-12-07-${project.sessionName}`,
  worktree: `${project.worktrees}/26-12-07-${project.sessionName}`,
  branch: project.kind === 'repo' ? `samocode-demo/${project.sessionName}` : 'demo',
  iterations: 9,
  phases: ['init', 'done'],
  rounds: 2,
  modelRequests: 50,
  durationMs: 52_500,
  output: '',
  ...fields,
});

/** The lines between the figures and the advice for a real project. */
const whereLines = (text: string): string[] => {
  const lines = text.split('\n');
  return lines.slice(
    lines.findIndex((line) => line.includes('session folder:')),
    lines.indexOf('Use samocode on a real project:'),
  );
};

describe('the demo summary', () => {
  it('after removing its project says nothing is left, so the run\'s "samocode clean" needs no doing', () => {
    expect(whereLines(renderDemoSummary(result(library, false)))).toEqual([
      '  session folder:   /tmp/samocode-demo-AbC123/sessions/26-12-07-demo (removed)',
      '  worktree:         /tmp/samocode-demo-AbC123/worktrees/26-12-07-demo (removed)',
      '  branch:           demo (removed)',
      '  project:          /tmp/samocode-demo-AbC123/demo-lib (removed)',
      '  cleaned up:       the demo removed /tmp/samocode-demo-AbC123 (project, worktree, branch, session): nothing is left for samocode clean',
      '  (add --keep to look around: samocode demo --keep, or npm run demo -- --keep)',
      '',
    ]);
  });

  it('with --keep says the one command that removes everything', () => {
    expect(whereLines(renderDemoSummary(result(library, true)))).toContain(
      '  remove it:        rm -rf /tmp/samocode-demo-AbC123   (the project, its worktree, branch and session)',
    );
  });

  it('on the user repository shows the work and the clean that removes its worktree and branch, shell-quoted', () => {
    const repo: DemoProject = {
      ...library,
      mainRepo: "/home/me/my app's",
      kind: 'repo',
      sessionName: 'demo-abc123',
      task: 'tour',
    };
    const text = renderDemoSummary(result(repo, true));
    expect(whereLines(text)).toEqual([
      '  session folder:   /tmp/samocode-demo-AbC123/sessions/26-12-07-demo-abc123',
      '  worktree:         /tmp/samocode-demo-AbC123/worktrees/26-12-07-demo-abc123',
      "  branch:           samocode-demo/demo-abc123 in /home/me/my app's",
      `  see the work:     git -C '/home/me/my app'\\''s' log -p -1 samocode-demo/demo-abc123`,
      '  remove it:        samocode clean --config /tmp/samocode-demo-AbC123/.samocode --session 26-12-07-demo-abc123 --delete-branch --force',
      '                    rm -rf /tmp/samocode-demo-AbC123',
      '',
    ]);
    expect(text).not.toContain('samocode demo --repo path/to/your/repo');
  });

  it('on the user repository before any session folder exists offers only the folder to remove', () => {
    const repo: DemoProject = { ...library, kind: 'repo', sessionName: 'demo-abc123' };
    const text = renderDemoSummary(
      result(repo, true, { exitCode: 2, sessionDir: undefined, branch: undefined }),
    );
    expect(text).toContain('samocode demo: the session stopped (exit code 2).');
    expect(text).toContain('  remove it:        rm -rf /tmp/samocode-demo-AbC123\n');
    expect(text).not.toContain('samocode clean');
  });
});
