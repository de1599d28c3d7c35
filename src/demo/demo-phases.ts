/**
 * What the demo model does in each phase: the shell commands of one iteration, in order.
 * The last command of every iteration writes `_signal.json`, following the phase table in
 * machines/phases.ts. Pure.
 */
import type { Phase } from '../../machines/phases.js';
import type { Signal } from '../../machines/signal.js';
import { SESSION_FILES } from '../session/paths.js';

/** What a phase's plan may look at: the session folder expression and the tool outputs so far. */
export interface IterationView {
  readonly sessionDir: string;
  readonly outputs: readonly string[];
}

const MARKER = 'SAMOCODE_DEMO_EOF';

/** A command that writes a file in the session folder (quoted heredoc: nothing is expanded). */
export function writeInSession(sessionDir: string, file: string, content: string): string {
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `D=${sessionDir} && cat > "$D/${file}" <<'${MARKER}'\n${body}${MARKER}`;
}

/** A command that writes a file in the working directory (the session worktree). */
export function writeInWorktree(file: string, content: string): string {
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `mkdir -p "$(dirname '${file}')" && cat > '${file}' <<'${MARKER}'\n${body}${MARKER}`;
}

export function writeSignal(sessionDir: string, signal: Signal): string {
  return writeInSession(sessionDir, SESSION_FILES.signal, JSON.stringify(signal));
}

function commit(message: string): string {
  return `git add -A && git -c user.name='samocode demo' -c user.email=demo@samocode.invalid commit -q -m '${message}' && git log --oneline -1`;
}

export const QA_QUESTIONS = [
  '# Questions and answers',
  '',
  '## Q1: Should `slugify` keep digits?',
  '**Answer:** _(waiting for a human)_',
  '',
  '## Q2: Which separator should replace spaces and punctuation?',
  '**Answer:** _(waiting for a human)_',
  '',
].join('\n');

/** What the demo writes as the human's answers before it runs samocode again. */
export const QA_ANSWERS = [
  '# Questions and answers',
  '',
  '## Q1: Should `slugify` keep digits?',
  '**Answer:** Yes, keep digits.',
  '',
  '## Q2: Which separator should replace spaces and punctuation?',
  '**Answer:** A single dash, with no dash at either end.',
  '',
].join('\n');

const SLUGIFY = `/** Turns any text into a URL slug: lower case, digits kept, dashes between words. */
export function slugify(text) {
  return String(text)
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
`;

const SLUGIFY_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slugify } from '../src/slugify.js';

test('slugify makes a dashed lower-case slug', () => {
  assert.equal(slugify('  Hello, World! 2026 '), 'hello-world-2026');
  assert.equal(slugify('Crème brûlée'), 'creme-brulee');
});
`;

/** The human's answers are in (the demo writes them between its two runs). */
export function answered(output: string | undefined): boolean {
  return output !== undefined && /\*\*Answer:\*\*\s+(?!_\(waiting)/.test(output);
}

/** The commands of one iteration of `phase`; the model runs them one per turn. */
export function iterationCommands(phase: Phase, view: IterationView): string[] {
  const dir = view.sessionDir;
  switch (phase) {
    case 'init':
      return [
        'git status --short --branch && ls -a',
        writeSignal(dir, {
          status: 'continue',
          phase: 'investigation',
          summary: 'Looked around the project.',
        }),
      ];
    case 'investigation':
      return [
        'cat package.json && ls src test && node --test 2>&1 | tail -n 3',
        writeInSession(
          dir,
          'findings.md',
          '# Findings\n\n- A tiny ES-module library: `src/sum.js`, tested with `node --test`.\n- There is no `slugify` yet; the task asks for one.\n',
        ),
        writeSignal(dir, { status: 'continue', phase: 'requirements', summary: 'Wrote findings.md.' }),
      ];
    case 'requirements': {
      const check = `D=${dir} && cat "$D/_qa.md" 2>/dev/null || echo 'no _qa.md yet'`;
      if (view.outputs.length === 0) return [check];
      if (!answered(view.outputs[0])) {
        return [
          check,
          writeInSession(dir, SESSION_FILES.qa, QA_QUESTIONS),
          writeSignal(dir, { status: 'waiting', for: 'qa_answers', summary: 'Two questions in _qa.md.' }),
        ];
      }
      return [
        check,
        writeInSession(
          dir,
          'requirements.md',
          '# Requirements\n\n1. `slugify(text)` lower-cases, strips accents and keeps digits.\n2. Runs of anything else become one dash; no dash at either end.\n',
        ),
        writeSignal(dir, {
          status: 'continue',
          phase: 'planning',
          summary: 'Requirements settled from _qa.md.',
        }),
      ];
    }
    case 'planning':
      return [
        writeInSession(
          dir,
          'plan.md',
          '# Plan\n\n1. Add `src/slugify.js`.\n2. Add `test/slugify.test.js`.\n3. Run `node --test`.\n',
        ),
        writeSignal(dir, {
          status: 'waiting',
          for: 'plan_approval',
          summary: 'plan.md is ready for approval.',
        }),
      ];
    case 'implementation':
      return [
        writeInWorktree('src/slugify.js', SLUGIFY),
        writeInWorktree('test/slugify.test.js', SLUGIFY_TEST),
        'node --test 2>&1 | tail -n 8',
        commit('implementation: add slugify with a test'),
        writeSignal(dir, {
          status: 'continue',
          phase: 'testing',
          summary: 'slugify and its test are committed.',
        }),
      ];
    case 'testing':
      return [
        `D=${dir} && { echo '# Test report'; echo; echo '\`\`\`'; node --test 2>&1 | tail -n 8; echo '\`\`\`'; } > "$D/test-report.md" && cat "$D/test-report.md"`,
        writeSignal(dir, {
          status: 'continue',
          phase: 'quality',
          summary: 'All tests pass; see test-report.md.',
        }),
      ];
    case 'quality':
      return [
        'git diff HEAD~1 --stat',
        writeInSession(
          dir,
          'review.md',
          '# Review\n\n- `slugify` is small, pure and tested.\n- No issues found.\n',
        ),
        writeSignal(dir, { status: 'continue', phase: 'done', summary: 'Review found no issues.' }),
      ];
    case 'done':
      return [
        writeInSession(
          dir,
          'summary.md',
          '# Summary\n\nAdded `slugify(text)` in `src/slugify.js` with a `node --test` test, on the session branch.\n',
        ),
        writeSignal(dir, { status: 'done', summary: 'slugify added, tested and reviewed.' }),
      ];
  }
}
