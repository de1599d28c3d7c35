/**
 * What the demo model does on the user's own repository (`samocode demo --repo`): the same
 * phases and waits as the library demo, with work any repository allows: a tour of it, written
 * into SAMOCODE-DEMO.md and committed on the demo's branch. Nothing else in the repository
 * changes; git here runs the repository's hooks not at all (see `repoGitEnv`). Pure.
 */
import type { Phase } from '../../machines/phases.js';
import { SESSION_FILES } from '../session/paths.js';
import { answered, type IterationView, writeInSession, writeSignal } from './demo-phases.js';

export const TOUR_FILE = 'SAMOCODE-DEMO.md';

export const REPO_QA_QUESTIONS = [
  '# Questions and answers',
  '',
  '## Q1: How many files should the tour list?',
  '**Answer:** _(waiting for a human)_',
  '',
  '## Q2: Where should the tour go?',
  '**Answer:** _(waiting for a human)_',
  '',
].join('\n');

export const REPO_QA_ANSWERS = [
  '# Questions and answers',
  '',
  '## Q1: How many files should the tour list?',
  '**Answer:** The first 20 tracked files, and how many there are in all.',
  '',
  '## Q2: Where should the tour go?',
  `**Answer:** In ${TOUR_FILE} at the repository root; change nothing else.`,
  '',
].join('\n');

const FILE_COUNT = "$(git ls-files | wc -l | tr -d ' ')";

/** Writes the tour from what git says about the repository (the shell fills it in, not the model). */
const WRITE_TOUR = [
  '{',
  "printf '%s\\n\\n' '# A tour of this repository';",
  "printf '%s\\n\\n' 'Written by samocode demo on a branch of its own, to show a whole session on your code.';",
  "echo '## Recent history'; echo; git --no-pager log --oneline -5 | sed 's/^/- /'; echo;",
  `echo "## Files (${FILE_COUNT} tracked, up to 20 listed)"; echo; git ls-files | head -n 20 | sed 's/^/- /';`,
  `} > ${TOUR_FILE} && cat ${TOUR_FILE}`,
].join(' ');

const COMMIT_TOUR = [
  `git add ${TOUR_FILE}`,
  `git commit --no-verify -q -m 'implementation: add ${TOUR_FILE}, a tour of the repository'`,
  'git --no-pager log --oneline -1',
].join(' && ');

/** The commands of one iteration of `phase` on the user's repository; the model runs them one per turn. */
export function repoIterationCommands(phase: Phase, view: IterationView): string[] {
  const dir = view.sessionDir;
  switch (phase) {
    case 'init':
      return [
        'git status --short --branch && git --no-pager log --oneline -3',
        writeSignal(dir, {
          status: 'continue',
          phase: 'investigation',
          summary: 'Looked around the repository.',
        }),
      ];
    case 'investigation':
      return [
        `D=${dir} && { echo '# Findings'; echo; echo "- ${FILE_COUNT} tracked files; at the top level:"; git ls-files | cut -d/ -f1 | sort -u | head -n 30 | sed 's/^/  - /'; echo "- The latest commit: $(git --no-pager log -1 --format='%h %s')"; } > "$D/findings.md" && cat "$D/findings.md"`,
        writeSignal(dir, { status: 'continue', phase: 'requirements', summary: 'Wrote findings.md.' }),
      ];
    case 'requirements': {
      const check = `D=${dir} && cat "$D/_qa.md" 2>/dev/null || echo 'no _qa.md yet'`;
      if (view.outputs.length === 0) return [check];
      if (!answered(view.outputs[0])) {
        return [
          check,
          writeInSession(dir, SESSION_FILES.qa, REPO_QA_QUESTIONS),
          writeSignal(dir, { status: 'waiting', for: 'qa_answers', summary: 'Two questions in _qa.md.' }),
        ];
      }
      return [
        check,
        writeInSession(
          dir,
          'requirements.md',
          `# Requirements\n\n1. ${TOUR_FILE} at the root lists the last five commits and the first 20 tracked files.\n2. Nothing else in the repository changes.\n`,
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
          `# Plan\n\n1. Write ${TOUR_FILE} from git's own listing.\n2. Commit it on the session branch.\n3. Check that it is the only change.\n`,
        ),
        writeSignal(dir, {
          status: 'waiting',
          for: 'plan_approval',
          summary: 'plan.md is ready for approval.',
        }),
      ];
    case 'implementation':
      return [
        WRITE_TOUR,
        COMMIT_TOUR,
        writeSignal(dir, { status: 'continue', phase: 'testing', summary: `${TOUR_FILE} is committed.` }),
      ];
    case 'testing':
      return [
        `D=${dir} && { echo '# Test report'; echo; git --no-pager diff --stat HEAD~1 HEAD; if [ "$(git diff --name-only HEAD~1 HEAD)" = '${TOUR_FILE}' ]; then echo 'PASS: ${TOUR_FILE} is the only change'; else echo 'FAIL: more than ${TOUR_FILE} changed'; fi; } > "$D/test-report.md" && cat "$D/test-report.md"`,
        writeSignal(dir, {
          status: 'continue',
          phase: 'quality',
          summary: 'The tour is the only change; see test-report.md.',
        }),
      ];
    case 'quality':
      return [
        `head -n 12 ${TOUR_FILE}`,
        writeInSession(
          dir,
          'review.md',
          '# Review\n\n- The tour is generated from git, so it is accurate.\n- No issues found.\n',
        ),
        writeSignal(dir, { status: 'continue', phase: 'done', summary: 'Review found no issues.' }),
      ];
    case 'done':
      return [
        writeInSession(
          dir,
          'summary.md',
          `# Summary\n\nAdded ${TOUR_FILE}, a tour of the repository, on the session branch; nothing else changed.\n`,
        ),
        writeSignal(dir, { status: 'done', summary: `${TOUR_FILE} written, checked and reviewed.` }),
      ];
  }
}
