/** What `samocode demo` prints at the end. Pure. */
import { basename } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { renderCommand } from '../text/shell-quote.js';
import { DEMO_SESSION, type DemoResult } from './run-demo.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The run's last line says to `samocode clean`; once the demo removed its project there is nothing left to clean. */
function cleanUp(result: DemoResult): string {
  if (!result.kept)
    return 'nothing to do: the demo removed its project, worktree and branch (skip the `samocode clean` the run suggested)';
  const folder = result.sessionDir === undefined ? DEMO_SESSION : basename(result.sessionDir);
  const clean = renderCommand([
    'samocode',
    'clean',
    '--config',
    result.project.configFile,
    '--session',
    folder,
  ]);
  return `${clean}, then ${renderCommand(['rm', '-rf', result.project.root])}`;
}

export function renderDemoSummary(result: DemoResult): string {
  const ok = result.exitCode === EXIT.complete;
  const where = result.kept
    ? ''
    : ' (removed; add --keep to look around: samocode demo --keep, or npm run demo -- --keep)';
  const lines = [
    '',
    ok
      ? 'samocode demo: the session reached done.'
      : `samocode demo: the session stopped (exit code ${result.exitCode}).`,
    `  iterations:     ${result.iterations}${result.phases.length > 0 ? ` (${result.phases.join(' → ')})` : ''}`,
    `  samocode runs:  ${result.rounds} (the Q&A wait needs a second run; the plan was auto-approved)`,
    `  model requests: ${result.modelRequests}`,
    `  time:           ${seconds(result.durationMs)}`,
    `  session folder: ${result.sessionDir ?? '(none)'}${where}`,
    `  worktree:       ${result.worktree ?? '(none)'}${where}`,
    `  branch:         ${result.branch ?? '(none)'}`,
    `  project:        ${result.project.mainRepo}${where}`,
    `  clean up:       ${cleanUp(result)}`,
    '',
    'Use samocode on a real project:',
    '  1. Write a .samocode file:  MAIN_REPO=~/code/app  WORKTREES=~/code/app-worktrees  SESSIONS=~/code/app-sessions',
    '  2. samocode run --config ~/code/app/.samocode --session add-login --task "Add a login form"',
    '  3. When it waits: answer _qa.md and run again, or `samocode approve` the plan; `samocode status` shows where it is.',
    '',
  ];
  return lines.join('\n');
}
