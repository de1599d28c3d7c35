import { describe, expect, it } from 'vitest';
import { renderDemoSummary } from '../../src/demo/demo-summary.js';
import type { DemoResult } from '../../src/demo/run-demo.js';

const result: DemoResult = {
  exitCode: 0,
  project: {
    root: '/tmp/samocode-demo-x',
    mainRepo: '/tmp/samocode-demo-x/repo',
    worktrees: '/tmp/samocode-demo-x/worktrees',
    sessions: '/tmp/samocode-demo-x/sessions',
    configFile: '/tmp/samocode-demo-x/.samocode',
    home: '/tmp/samocode-demo-x/home',
  },
  kept: false,
  sessionDir: '/tmp/samocode-demo-x/sessions/26-12-07-demo',
  worktree: '/tmp/samocode-demo-x/worktrees/26-12-07-demo',
  branch: 'demo',
  iterations: 9,
  phases: ['init'],
  rounds: 2,
  modelRequests: 40,
  durationMs: 60_000,
  output: '',
};

const cleanLine = (text: string) => text.split('\n').find((line) => line.startsWith('  clean up:'));

describe('the demo summary', () => {
  it('does not leave the run\'s "samocode clean" standing when the demo removed its project', () => {
    expect(cleanLine(renderDemoSummary(result))).toBe(
      '  clean up:       nothing to do: the demo removed its project, worktree and branch (skip the `samocode clean` the run suggested)',
    );
  });

  it('with --keep, names the clean command for the kept session and where the project is', () => {
    expect(cleanLine(renderDemoSummary({ ...result, kept: true }))).toBe(
      '  clean up:       samocode clean --config /tmp/samocode-demo-x/.samocode --session 26-12-07-demo, then rm -rf /tmp/samocode-demo-x',
    );
  });
});
