/** What `samocode demo` prints at the end. Pure. */
import { basename } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { quoteShellWord, renderCommand } from '../text/shell-quote.js';
import type { DemoResult } from './run-demo.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const LABEL = 18;
const row = (label: string, value: string): string => `  ${`${label}:`.padEnd(LABEL)}${value}`;
const more = (value: string): string => `  ${' '.repeat(LABEL)}${value}`;

/**
 * How to look at and remove what the demo left. The user's repository keeps the demo's worktree
 * and branch: `samocode clean` removes both (the branch is unmerged, hence --force), then the
 * demo's own folder goes. A removed library demo says there is nothing left to clean, since the
 * run's last line suggests it.
 */
function cleanupLines(result: DemoResult): string[] {
  const { project } = result;
  const root = quoteShellWord(project.root);
  if (!result.kept)
    return [
      row(
        'cleaned up',
        `the demo removed ${root} (project, worktree, branch, session): nothing is left for samocode clean`,
      ),
    ];
  if (project.kind === 'library')
    return [
      row(
        'remove it',
        `${renderCommand(['rm', '-rf', project.root])}   (the project, its worktree, branch and session)`,
      ),
    ];
  const clean = renderCommand([
    'samocode',
    'clean',
    '--config',
    project.configFile,
    '--session',
    // The dated folder name, as every other command samocode prints names the session.
    result.sessionDir ? basename(result.sessionDir) : project.sessionName,
    '--delete-branch',
    '--force',
  ]);
  return [
    ...(result.branch
      ? [
          row(
            'see the work',
            renderCommand(['git', '-C', project.mainRepo, 'log', '-p', '-1', result.branch]),
          ),
        ]
      : []),
    ...(result.sessionDir
      ? [row('remove it', clean), more(renderCommand(['rm', '-rf', project.root]))]
      : [row('remove it', renderCommand(['rm', '-rf', project.root]))]),
  ];
}

export function renderDemoSummary(result: DemoResult): string {
  const ok = result.exitCode === EXIT.complete;
  const isRepo = result.project.kind === 'repo';
  const where = result.kept ? '' : ' (removed)';
  const lines = [
    '',
    ok
      ? 'samocode demo: the session reached done.'
      : `samocode demo: the session stopped (exit code ${result.exitCode}).`,
    row(
      'iterations',
      `${result.iterations}${result.phases.length > 0 ? ` (${result.phases.join(' → ')})` : ''}`,
    ),
    row('samocode runs', `${result.rounds} (the Q&A wait needs a second run; the plan was auto-approved)`),
    row('model requests', String(result.modelRequests)),
    row('time', seconds(result.durationMs)),
    row('session folder', `${result.sessionDir ?? '(none)'}${where}`),
    row('worktree', `${result.worktree ?? '(none)'}${where}`),
    row('branch', `${result.branch ?? '(none)'}${isRepo ? ` in ${result.project.mainRepo}` : where}`),
    ...(isRepo ? [] : [row('project', `${result.project.mainRepo}${where}`)]),
    ...cleanupLines(result),
    ...(result.kept || isRepo
      ? []
      : ['  (add --keep to look around: samocode demo --keep, or npm run demo -- --keep)']),
    '',
    'Use samocode on a real project:',
    ...(isRepo
      ? []
      : ['  0. See it on your own code first, offline: samocode demo --repo path/to/your/repo']),
    '  1. Write a .samocode file:  MAIN_REPO=~/code/app  WORKTREES=~/code/app-worktrees  SESSIONS=~/code/app-sessions',
    '  2. samocode run --config ~/code/app/.samocode --session add-login --task "Add a login form"',
    '  3. When it waits: answer _qa.md and run again, or `samocode approve` the plan; `samocode status` shows where it is.',
    '',
  ];
  return lines.join('\n');
}
