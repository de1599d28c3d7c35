/**
 * One saved session per stop kind, for the session view's exact-text tests: the state value and
 * context the machine leaves, built with the machine's own explain functions, plus what was read.
 */
import { emptySpendBook, NO_CAPS, type SpendCaps } from '../../machines/budget.js';
import { initialContext, type WorkflowContext } from '../../machines/context.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import type { Receipt } from '../../machines/receipt.js';
import {
  explainBudget,
  explainNoProgress,
  explainNoSignal,
  explainRejection,
  explainSpend,
  explainSuspensionTooLong,
} from '../../machines/rules.js';
import { budgetsOf } from '../../machines/settings.js';
import { explainLimitsInARow } from '../../machines/waits.js';
import type { HistoryRow } from '../../src/session/history.js';
import type { ViewInput, ViewPlace, ViewSettings } from '../../src/view/index.js';

export const NOW = Date.parse('2026-12-07T15:00:00.000Z');

export const PLACE: ViewPlace = {
  folder: '26-12-07-mul',
  dir: '/s/26-12-07-mul',
  configPath: '/p/my proj/.samocode',
  branch: 'mul',
  worktree: '/w/26-12-07-mul',
  planFile: '/s/26-12-07-mul/004-plan-mul.md',
};

export const SETTINGS: ViewSettings = {
  caps: NO_CAPS,
  budgets: budgetsOf(PHASE_REGISTRY),
  verifyCommand: 'npm test',
  maxAttempts: 3,
  maxLimitsInARow: 5,
  noProgressIterations: 3,
};

const RECEIPT: Receipt = {
  command: 'npm test',
  exitCode: 0,
  durationMs: 2100,
  timedOut: false,
  head: 'abc123def4567890',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 3,
  tail: 'ok 1 - adds\n1 passed',
  logFile: '/s/26-12-07-mul/_logs/007-verify.log',
};

export const ROW: HistoryRow = {
  v: 1,
  time: '2026-12-07T14:59:00.000Z',
  iteration: 1,
  sourcePhase: 'init',
  rawSignal: null,
  event: 'agent.failed',
  target: null,
  accepted: false,
  rejection: null,
  state: 'init.failed',
  outcome: 'crash',
  attempts: 3,
  durationMs: 4000,
  tokens: { input: 1000, output: 200 },
  costUsd: 0.02,
  provider: 'claude',
  model: 'opus',
};

const iterations = (counts: Partial<Record<string, number>>) => ({
  ...initialContext().iterations,
  ...counts,
});

type Case = {
  readonly value?: unknown;
  readonly context?: Partial<WorkflowContext>;
  readonly caps?: SpendCaps;
  readonly rows?: readonly HistoryRow[];
  readonly isLive?: boolean;
  readonly work?: ViewInput['work'];
  readonly problem?: string;
};

const failed = (
  outcome: string,
  kind: 'fatal' | 'transient',
  message: string,
  more: Partial<WorkflowContext> = {},
) => ({
  value: { init: 'failed' },
  context: { totalIterations: 0, failure: { outcome, kind, message }, ...more },
});

const spendBook = (
  session: { costUsd?: number; tokens?: number; ms?: number },
  largest: typeof session,
  phase?: 'implementation',
) => {
  const book = emptySpendBook();
  const spend = { costUsd: 0, tokens: 0, ms: 0, ...session };
  return {
    ...book,
    session: spend,
    phases: phase ? { ...book.phases, [phase]: spend } : book.phases,
    largest: { costUsd: 0, tokens: 0, ms: 0, ...largest },
  };
};

/** Every stop kind the view knows, by name. */
export const CASES = {
  'complete, verified': {
    value: 'completed',
    context: { totalIterations: 7, receipt: RECEIPT, summary: 'added the login form' },
  },
  'complete, not verified': {
    value: 'completed',
    context: { totalIterations: 7, receipt: { ...RECEIPT, clean: false, uncommitted: 2 } },
  },
  'complete, claimed': {
    value: 'completed',
    context: { totalIterations: 7, summary: 'done' },
    work: { head: 'abc123def4567890', clean: true, uncommitted: 0, commitsBeyondBase: 0 },
  },
  'waiting for answers': {
    value: { requirements: 'awaitingAnswers' },
    context: { totalIterations: 3, waiting: { for: 'qa_answers', summary: '3 questions about the schema' } },
  },
  'waiting for approval': {
    value: { planning: 'awaitingApproval' },
    context: { totalIterations: 4, waiting: { for: 'plan_approval' }, pendingTarget: 'implementation' },
  },
  'waiting for an action': {
    value: { implementation: 'awaitingAction' },
    context: { totalIterations: 6, waiting: { for: 'human_action', summary: 'create the staging database' } },
  },
  'blocked by the agent': {
    value: { investigation: 'blocked' },
    context: {
      totalIterations: 2,
      blocked: { rule: 'agent', reason: 'which database?', needs: 'clarification' },
    },
  },
  'blocked after the check failed': {
    value: { done: 'blocked' },
    context: {
      totalIterations: 12,
      iterations: iterations({ done: 3 }),
      blocked: explainBudget('done', 3, 3),
      receipt: { ...RECEIPT, exitCode: 1, tail: 'FAIL test/add.test.js\n  expected 3, got 2\n\n1 failed' },
    },
  },
  'blocked by the iteration budget': {
    value: { implementation: 'blocked' },
    context: {
      totalIterations: 105,
      iterations: iterations({ implementation: 100 }),
      blocked: explainBudget('implementation', 100, 100),
    },
  },
  'blocked by the cost cap': {
    value: { init: 'blocked' },
    caps: { session: { costUsd: 0.02 }, phases: {} },
    context: {
      totalIterations: 1,
      spend: spendBook({ costUsd: 0.019 }, { costUsd: 0.01 }),
      blocked: explainSpend({ scope: 'session', kind: 'costUsd', spent: 0.019, cap: 0.02 }, 0.01),
    },
  },
  'blocked by the token cap': {
    value: { implementation: 'blocked' },
    caps: { session: {}, phases: { implementation: { tokens: 50_000 } } },
    context: {
      totalIterations: 8,
      spend: spendBook({ tokens: 48_000 }, { tokens: 5_000 }, 'implementation'),
      blocked: explainSpend({ scope: 'implementation', kind: 'tokens', spent: 48_000, cap: 50_000 }, 5_000),
    },
  },
  'blocked by the time cap': {
    value: { testing: 'blocked' },
    caps: { session: { ms: 3_600_000 }, phases: {} },
    context: {
      totalIterations: 9,
      spend: spendBook({ ms: 3_564_000 }, { ms: 180_000 }),
      blocked: explainSpend({ scope: 'session', kind: 'ms', spent: 3_564_000, cap: 3_600_000 }, 180_000),
    },
  },
  'blocked for no progress': {
    value: { investigation: 'blocked' },
    context: {
      totalIterations: 4,
      progress: { key: 'same', phase: 'investigation', streak: 3 },
      blocked: explainNoProgress(3, 'investigation'),
    },
  },
  'blocked for no signal': {
    value: { init: 'blocked' },
    context: { totalIterations: 1, attempt: 2, blocked: explainNoSignal(2) },
  },
  'blocked on an invalid signal': {
    value: { init: 'blocked' },
    context: {
      totalIterations: 1,
      blocked: explainRejection(PHASE_REGISTRY, 'init', {
        type: 'signal.invalid',
        problem: "_signal.json is not JSON: Unexpected token '}' at position 12",
      }),
    },
  },
  'blocked on a refused signal': {
    value: { init: 'blocked' },
    context: {
      totalIterations: 1,
      blocked: explainRejection(PHASE_REGISTRY, 'init', { type: 'signal.continue', target: 'done' }),
    },
  },
  'failed: not logged in': failed(
    'auth',
    'fatal',
    'claude: Not logged in · Please run /login. Fix: log in with `claude /login`, or set ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN.',
  ),
  'failed: no credit': failed(
    'billing',
    'fatal',
    'claude: Credit balance is too low. Fix: add credits to the Anthropic account, or switch to another account.',
  ),
  'failed: unknown model': failed('unknown_model', 'fatal', 'claude: model not found: opus-9'),
  'failed: cannot reach the API': failed(
    'network',
    'fatal',
    'claude: cannot reach the API after 7 retries of its own (API Error: Unable to connect to API (ConnectionRefused))',
  ),
  'failed: timeout': {
    ...failed('timeout', 'transient', 'claude: no result within the time limit (60 s)', { attempt: 4 }),
    rows: [{ ...ROW, outcome: 'timeout' }],
  },
  'failed: usage limit too long': failed(
    'usage_limit',
    'fatal',
    explainSuspensionTooLong(
      {
        type: 'agent.limited',
        waitMs: 9 * 3_600_000,
        resetsAt: '2026-12-08T00:00:00.000Z',
        message: 'limit',
        at: Date.parse('2026-12-07T15:00:00.000Z'),
      },
      6 * 3_600_000,
    ),
  ),
  'failed: usage limits in a row': failed(
    'usage_limit',
    'fatal',
    explainLimitsInARow(5, "claude: You've hit your limit"),
    {
      limitsInARow: 4,
    },
  ),
  'failed: retries exhausted': {
    ...failed('crash', 'transient', 'claude: ended without a result (exit code 1)', { attempt: 4 }),
    rows: [ROW],
  },
  suspended: {
    value: { implementation: 'suspended' },
    isLive: true,
    context: {
      totalIterations: 5,
      suspension: {
        waitMs: 7_500_000,
        resetsAt: '2026-12-07T17:05:00.000Z',
        message: "claude: You've hit your limit",
      },
    },
  },
  interrupted: { value: { implementation: 'running' }, context: { totalIterations: 5 } },
  'interrupted while waiting out a limit': {
    value: { implementation: 'suspended' },
    context: {
      totalIterations: 5,
      suspension: { waitMs: 7_500_000, resetsAt: '2026-12-07T17:05:00.000Z', message: 'limit' },
    },
  },
  'interrupted while checking': { value: { done: 'verifying' }, context: { totalIterations: 7 } },
  'paused (--once)': { value: { investigation: 'paused' }, context: { totalIterations: 1 } },
  running: {
    value: { implementation: 'running' },
    isLive: true,
    context: { totalIterations: 5, attempt: 2 },
  },
  retrying: {
    value: { init: 'retrying' },
    isLive: true,
    context: {
      attempt: 2,
      failure: { outcome: 'overloaded', kind: 'transient', message: 'claude: HTTP 529' },
    },
  },
  checking: { value: { done: 'verifying' }, isLive: true, context: { totalIterations: 7 } },
  new: {},
  corrupt: {
    problem:
      '/s/26-12-07-mul/_state.json is not valid JSON (SyntaxError: Unexpected end of JSON input); move it aside',
  },
} satisfies Record<string, Case>;

export type CaseName = keyof typeof CASES;

export function inputOf(name: CaseName): ViewInput {
  const c: Case = CASES[name];
  return {
    place: PLACE,
    settings: { ...SETTINGS, caps: c.caps ?? NO_CAPS },
    ...(c.value === undefined
      ? {}
      : { snapshot: { value: c.value, context: { ...initialContext(), ...c.context } } }),
    ...(c.problem ? { problem: c.problem } : {}),
    rows: c.rows ?? [],
    isLive: c.isLive ?? false,
    ...(c.work ? { work: c.work } : {}),
    now: NOW,
  };
}
