/**
 * The session view for every stop kind: the exact plain text every surface shows and the exact
 * JSON `status --json`, `ls --json` and the dashboard carry. The inputs are what the machine
 * leaves (its own explain functions build the reasons); the expected words are written here.
 */
import { describe, expect, it } from 'vitest';
import { buildSessionView, renderEndMessage } from '../../src/view/index.js';
import { CASES, type CaseName, inputOf } from './view-cases.js';

const EXPECTED: Record<CaseName, { readonly text: readonly string[]; readonly json: object }> = {
  'complete, verified': {
    text: [
      'complete, verified: `npm test` passed on abc123def456 (3 commit(s) on the branch, worktree clean)',
      '  summary: added the login form',
      "  next: review the branch mul (in /w/26-12-07-mul), merge it, then remove the worktree with: samocode clean --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'completed',
      needsHuman: false,
      phase: 'done',
      headline:
        'complete, verified: `npm test` passed on abc123def456 (3 commit(s) on the branch, worktree clean)',
      details: ['summary: added the login form'],
      cause: { kind: 'completion', completion: 'verified' },
      next: {
        text: 'review the branch mul (in /w/26-12-07-mul), merge it, then remove the worktree with',
        command: "samocode clean --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'completed', exitCode: 0 },
    },
  },
  'complete, not verified': {
    text: [
      'complete, NOT verified: 2 uncommitted change(s) in the worktree (commit abc123def456)',
      "  next: review the branch mul (in /w/26-12-07-mul), merge it, then remove the worktree with: samocode clean --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'completed',
      needsHuman: false,
      phase: 'done',
      headline: 'complete, NOT verified: 2 uncommitted change(s) in the worktree (commit abc123def456)',
      details: [],
      cause: { kind: 'completion', completion: 'unverified' },
      next: {
        text: 'review the branch mul (in /w/26-12-07-mul), merge it, then remove the worktree with',
        command: "samocode clean --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'completed', exitCode: 0 },
    },
  },
  'complete, claimed': {
    text: [
      'complete (claimed by the agent, not verified; the branch has no commits of its own)',
      '  summary: done',
      "  next: review the branch mul (in /w/26-12-07-mul), merge it, then remove the worktree with: samocode clean --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'completed',
      needsHuman: false,
      phase: 'done',
      headline: 'complete (claimed by the agent, not verified; the branch has no commits of its own)',
      details: ['summary: done'],
      cause: { kind: 'completion', completion: 'claimed' },
      next: {
        text: 'review the branch mul (in /w/26-12-07-mul), merge it, then remove the worktree with',
        command: "samocode clean --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'completed', exitCode: 0 },
    },
  },
  'waiting for answers': {
    text: [
      'waiting for your answers to the questions in _qa.md',
      '  the agent says: 3 questions about the schema',
      "  next: answer the questions in /s/26-12-07-mul/_qa.md, then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'waiting',
      needsHuman: true,
      phase: 'requirements',
      headline: 'waiting for your answers to the questions in _qa.md',
      details: ['the agent says: 3 questions about the schema'],
      cause: { kind: 'wait', gate: 'answers', summary: '3 questions about the schema' },
      next: {
        text: 'answer the questions in /s/26-12-07-mul/_qa.md, then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'requirements.awaitingAnswers', exitCode: 10, waitFor: 'qa_answers' },
    },
  },
  'waiting for approval': {
    text: [
      'the plan waits for your approval',
      "  next: read the plan (/s/26-12-07-mul/004-plan-mul.md), then approve it and run: samocode approve --config '/p/my proj/.samocode' --session 26-12-07-mul && samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'waiting',
      needsHuman: true,
      phase: 'planning',
      headline: 'the plan waits for your approval',
      details: [],
      cause: { kind: 'wait', gate: 'approval' },
      next: {
        text: 'read the plan (/s/26-12-07-mul/004-plan-mul.md), then approve it and run',
        command:
          "samocode approve --config '/p/my proj/.samocode' --session 26-12-07-mul && samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'planning.awaitingApproval', exitCode: 10, waitFor: 'plan_approval' },
    },
  },
  'waiting for an action': {
    text: [
      'waiting for you to do something by hand',
      '  the agent says: create the staging database',
      "  next: do what the agent asks, then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'waiting',
      needsHuman: true,
      phase: 'implementation',
      headline: 'waiting for you to do something by hand',
      details: ['the agent says: create the staging database'],
      cause: { kind: 'wait', gate: 'action', summary: 'create the staging database' },
      next: {
        text: 'do what the agent asks, then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'implementation.awaitingAction', exitCode: 10, waitFor: 'human_action' },
    },
  },
  'blocked by the agent': {
    text: [
      'blocked in investigation: the agent needs a clarification',
      '  the agent says: which database?',
      "  next: resolve it, then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'investigation',
      headline: 'blocked in investigation: the agent needs a clarification',
      details: ['the agent says: which database?'],
      cause: { kind: 'agent-block', needs: 'clarification', reason: 'which database?' },
      next: {
        text: 'resolve it, then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'investigation.blocked',
        exitCode: 11,
        rule: 'agent',
        needs: 'clarification',
        reason: 'which database?',
      },
    },
  },
  'blocked after the check failed': {
    text: [
      "blocked in done: it has used all 3 of its iterations; samocode's check still fails: `npm test` exited 1",
      "  samocode's last check of the work failed: `npm test` exited 1 after 2.1 s; its output is in /s/26-12-07-mul/_logs/007-verify.log",
      '  last lines of its output:',
      '    FAIL test/add.test.js',
      '      expected 3, got 2',
      '    1 failed',
      "  next: make `npm test` pass, then run again to allow 3 more iterations of done: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'done',
      headline:
        "blocked in done: it has used all 3 of its iterations; samocode's check still fails: `npm test` exited 1",
      details: [
        "samocode's last check of the work failed: `npm test` exited 1 after 2.1 s; its output is in /s/26-12-07-mul/_logs/007-verify.log",
        'last lines of its output:',
        '  FAIL test/add.test.js',
        '    expected 3, got 2',
        '  1 failed',
      ],
      cause: { kind: 'iteration-budget', phase: 'done', used: 3, allowed: 3 },
      lastCheck: {
        command: 'npm test',
        exitCode: 1,
        timedOut: false,
        durationMs: 2100,
        logFile: '/s/26-12-07-mul/_logs/007-verify.log',
        tail: ['FAIL test/add.test.js', '  expected 3, got 2', '1 failed'],
      },
      next: {
        text: 'make `npm test` pass, then run again to allow 3 more iterations of done',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'done.blocked',
        exitCode: 11,
        rule: 'budget-exhausted',
        needs: 'human_decision',
        reason:
          "rule 8 (budget-exhausted): 'done' has used 3 iterations, all that it is allowed (its budget of 3); running samocode again allows 3 more",
      },
    },
  },
  'blocked by the iteration budget': {
    text: [
      'blocked in implementation: it has used all 100 of its iterations',
      "  next: run again to allow 100 more iterations of implementation: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'implementation',
      headline: 'blocked in implementation: it has used all 100 of its iterations',
      details: [],
      cause: { kind: 'iteration-budget', phase: 'implementation', used: 100, allowed: 100 },
      next: {
        text: 'run again to allow 100 more iterations of implementation',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'implementation.blocked',
        exitCode: 11,
        rule: 'budget-exhausted',
        needs: 'human_decision',
        reason:
          "rule 8 (budget-exhausted): 'implementation' has used 100 iterations, all that it is allowed (its budget of 100); running samocode again allows 100 more",
      },
    },
  },
  'blocked by the cost cap': {
    text: [
      'blocked in init: the next iteration would pass the session cost cap ($0.02 spent of $0.02; the largest attempt used $0.01)',
      "  next: grant $0.01 more and run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul --grant cost=0.01",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'init',
      headline:
        'blocked in init: the next iteration would pass the session cost cap ($0.02 spent of $0.02; the largest attempt used $0.01)',
      details: [],
      cause: {
        kind: 'spend-budget',
        scope: 'session',
        spend: 'costUsd',
        spent: 0.019,
        cap: 0.02,
        grant: 'cost=0.01',
      },
      next: {
        text: 'grant $0.01 more and run again',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul --grant cost=0.01",
      },
      machine: {
        state: 'init.blocked',
        exitCode: 11,
        rule: 'spend-exhausted',
        needs: 'human_decision',
        reason:
          'rule 8 (spend-exhausted): the session cost budget would be passed: spent $0.02 of the $0.02 cap (the largest attempt so far used $0.01); run again with --grant cost=<amount> to continue',
      },
    },
  },
  'blocked by the token cap': {
    text: [
      "blocked in implementation: the next iteration would pass the 'implementation' phase token cap (48000 tokens spent of 50000 tokens; the largest attempt used 5000 tokens)",
      "  next: grant 3000 tokens more and run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul --grant tokens=3000",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'implementation',
      headline:
        "blocked in implementation: the next iteration would pass the 'implementation' phase token cap (48000 tokens spent of 50000 tokens; the largest attempt used 5000 tokens)",
      details: [],
      cause: {
        kind: 'spend-budget',
        scope: 'implementation',
        spend: 'tokens',
        spent: 48000,
        cap: 50000,
        grant: 'tokens=3000',
      },
      next: {
        text: 'grant 3000 tokens more and run again',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul --grant tokens=3000",
      },
      machine: {
        state: 'implementation.blocked',
        exitCode: 11,
        rule: 'spend-exhausted',
        needs: 'human_decision',
        reason:
          "rule 8 (spend-exhausted): the 'implementation' phase token budget would be passed: spent 48000 tokens of the 50000 tokens cap (the largest attempt so far used 5000 tokens); run again with --grant tokens=<amount> to continue",
      },
    },
  },
  'blocked by the time cap': {
    text: [
      'blocked in testing: the next iteration would pass the session time cap (0.99 h spent of 1.00 h; the largest attempt used 0.05 h)',
      "  next: grant 0.04 h more and run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul --grant hours=0.04",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'testing',
      headline:
        'blocked in testing: the next iteration would pass the session time cap (0.99 h spent of 1.00 h; the largest attempt used 0.05 h)',
      details: [],
      cause: {
        kind: 'spend-budget',
        scope: 'session',
        spend: 'ms',
        spent: 3564000,
        cap: 3600000,
        grant: 'hours=0.04',
      },
      next: {
        text: 'grant 0.04 h more and run again',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul --grant hours=0.04",
      },
      machine: {
        state: 'testing.blocked',
        exitCode: 11,
        rule: 'spend-exhausted',
        needs: 'human_decision',
        reason:
          'rule 8 (spend-exhausted): the session time budget would be passed: spent 0.99 h of the 1.00 h cap (the largest attempt so far used 0.05 h); run again with --grant hours=<amount> to continue',
      },
    },
  },
  'blocked for no progress': {
    text: [
      'blocked in investigation: 3 iterations in a row changed nothing (the same worktree, session documents and signal)',
      "  next: look at what the agent did (/s/26-12-07-mul/_logs), then run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'investigation',
      headline:
        'blocked in investigation: 3 iterations in a row changed nothing (the same worktree, session documents and signal)',
      details: [],
      cause: { kind: 'no-progress', iterations: 3 },
      next: {
        text: 'look at what the agent did (/s/26-12-07-mul/_logs), then run again',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'investigation.blocked',
        exitCode: 11,
        rule: 'no-progress',
        needs: 'human_decision',
        reason:
          "rule 8 (no-progress): no progress: 3 iterations of 'investigation' in a row changed nothing (the worktree's HEAD and git status, the session folder's documents and the signal stayed the same); look at the agent's logs, then run again",
      },
    },
  },
  'blocked for no signal': {
    text: [
      'blocked in init: the agent ended 2 attempts without writing _signal.json',
      "  next: look at the agent's logs (/s/26-12-07-mul/_logs), then run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'init',
      headline: 'blocked in init: the agent ended 2 attempts without writing _signal.json',
      details: [],
      cause: { kind: 'no-signal', attempts: 2 },
      next: {
        text: "look at the agent's logs (/s/26-12-07-mul/_logs), then run again",
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.blocked',
        exitCode: 11,
        rule: 'no-signal',
        needs: 'error_resolution',
        reason:
          'rule 6 (no-signal): the agent exited without writing _signal.json in 2 attempt(s), the last one with a reminder',
      },
    },
  },
  'blocked on an invalid signal': {
    text: [
      'blocked in init: the agent wrote an invalid _signal.json',
      "  _signal.json is not JSON: Unexpected token '}' at position 12",
      "  next: look at the agent's logs (/s/26-12-07-mul/_logs), then run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'init',
      headline: 'blocked in init: the agent wrote an invalid _signal.json',
      details: ["_signal.json is not JSON: Unexpected token '}' at position 12"],
      cause: {
        kind: 'invalid-signal',
        problem: "_signal.json is not JSON: Unexpected token '}' at position 12",
      },
      next: {
        text: "look at the agent's logs (/s/26-12-07-mul/_logs), then run again",
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.blocked',
        exitCode: 11,
        rule: 'invalid-signal',
        needs: 'error_resolution',
        reason: "rule 7 (invalid-signal): _signal.json is not JSON: Unexpected token '}' at position 12",
      },
    },
  },
  'blocked on a refused signal': {
    text: [
      "blocked in init: the agent's signal is not allowed here",
      "  'continue' from 'init' cannot go to 'done' (allowed: init, investigation)",
      "  next: look at the agent's logs (/s/26-12-07-mul/_logs), then run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'blocked',
      needsHuman: true,
      phase: 'init',
      headline: "blocked in init: the agent's signal is not allowed here",
      details: ["'continue' from 'init' cannot go to 'done' (allowed: init, investigation)"],
      cause: {
        kind: 'rejected-signal',
        rule: 'target-not-allowed',
        problem: "'continue' from 'init' cannot go to 'done' (allowed: init, investigation)",
      },
      next: {
        text: "look at the agent's logs (/s/26-12-07-mul/_logs), then run again",
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.blocked',
        exitCode: 11,
        rule: 'target-not-allowed',
        needs: 'human_decision',
        reason:
          "rule 2 (target-not-allowed): 'continue' from 'init' cannot go to 'done' (allowed: init, investigation)",
      },
    },
  },
  'failed: not logged in': {
    text: [
      'failed in init: the provider CLI is not logged in, or its key was refused',
      '  claude: Not logged in · Please run /login. Fix: log in with `claude /login`, or set ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN.',
      "  next: log the provider CLI in (or set its API key), then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline: 'failed in init: the provider CLI is not logged in, or its key was refused',
      details: [
        'claude: Not logged in · Please run /login. Fix: log in with `claude /login`, or set ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN.',
      ],
      cause: {
        kind: 'provider',
        outcome: 'auth',
        message:
          'claude: Not logged in · Please run /login. Fix: log in with `claude /login`, or set ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN.',
        isFatal: true,
        attempts: 1,
      },
      next: {
        text: 'log the provider CLI in (or set its API key), then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'auth',
        reason:
          'claude: Not logged in · Please run /login. Fix: log in with `claude /login`, or set ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN.',
      },
    },
  },
  'failed: no credit': {
    text: [
      'failed in init: the provider account has no credit left',
      '  claude: Credit balance is too low. Fix: add credits to the Anthropic account, or switch to another account.',
      "  next: add credit to the provider account (or use another one), then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline: 'failed in init: the provider account has no credit left',
      details: [
        'claude: Credit balance is too low. Fix: add credits to the Anthropic account, or switch to another account.',
      ],
      cause: {
        kind: 'provider',
        outcome: 'billing',
        message:
          'claude: Credit balance is too low. Fix: add credits to the Anthropic account, or switch to another account.',
        isFatal: true,
        attempts: 1,
      },
      next: {
        text: 'add credit to the provider account (or use another one), then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'billing',
        reason:
          'claude: Credit balance is too low. Fix: add credits to the Anthropic account, or switch to another account.',
      },
    },
  },
  'failed: unknown model': {
    text: [
      'failed in init: the provider does not know the model',
      '  claude: model not found: opus-9',
      "  next: set a model the CLI knows (CLAUDE_MODEL, CODEX_MODEL or --model), then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline: 'failed in init: the provider does not know the model',
      details: ['claude: model not found: opus-9'],
      cause: {
        kind: 'provider',
        outcome: 'unknown_model',
        message: 'claude: model not found: opus-9',
        isFatal: true,
        attempts: 1,
      },
      next: {
        text: 'set a model the CLI knows (CLAUDE_MODEL, CODEX_MODEL or --model), then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'unknown_model',
        reason: 'claude: model not found: opus-9',
      },
    },
  },
  'failed: cannot reach the API': {
    text: [
      'failed in init: cannot reach the API',
      '  claude: cannot reach the API after 7 retries of its own (API Error: Unable to connect to API (ConnectionRefused))',
      "  next: check the network (and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them), then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline: 'failed in init: cannot reach the API',
      details: [
        'claude: cannot reach the API after 7 retries of its own (API Error: Unable to connect to API (ConnectionRefused))',
      ],
      cause: {
        kind: 'provider',
        outcome: 'network',
        message:
          'claude: cannot reach the API after 7 retries of its own (API Error: Unable to connect to API (ConnectionRefused))',
        isFatal: true,
        attempts: 1,
      },
      next: {
        text: 'check the network (and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them), then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'network',
        reason:
          'claude: cannot reach the API after 7 retries of its own (API Error: Unable to connect to API (ConnectionRefused))',
      },
    },
  },
  'failed: timeout': {
    text: [
      'failed in init: all 3 attempts of iteration 1 failed; the last: no result within the time limit',
      '  claude: no result within the time limit (60 s)',
      "  next: look at the attempt logs in /s/26-12-07-mul/_logs, then run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline:
        'failed in init: all 3 attempts of iteration 1 failed; the last: no result within the time limit',
      details: ['claude: no result within the time limit (60 s)'],
      cause: {
        kind: 'provider',
        outcome: 'timeout',
        message: 'claude: no result within the time limit (60 s)',
        isFatal: false,
        attempts: 3,
      },
      next: {
        text: 'look at the attempt logs in /s/26-12-07-mul/_logs, then run again',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'timeout',
        reason: 'claude: no result within the time limit (60 s)',
      },
    },
  },
  'failed: usage limit too long': {
    text: [
      'failed in init: the usage limit resets later than samocode waits',
      '  usage limit resets at 2026-12-08T00:00:00.000Z, in 9.0 h, beyond the 6.0 h samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
      "  next: run again after the reset: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline: 'failed in init: the usage limit resets later than samocode waits',
      details: [
        'usage limit resets at 2026-12-08T00:00:00.000Z, in 9.0 h, beyond the 6.0 h samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
      ],
      cause: {
        kind: 'provider',
        outcome: 'usage_limit',
        message:
          'usage limit resets at 2026-12-08T00:00:00.000Z, in 9.0 h, beyond the 6.0 h samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
        isFatal: true,
        attempts: 1,
        limit: 'too-long',
      },
      next: {
        text: 'run again after the reset',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'usage_limit',
        reason:
          'usage limit resets at 2026-12-08T00:00:00.000Z, in 9.0 h, beyond the 6.0 h samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
      },
    },
  },
  'failed: usage limits in a row': {
    text: [
      'failed in init: the usage limit came back 5 times in a row',
      "  hit a usage limit 5 times in a row without finishing an iteration (last: claude: You've hit your limit); run again once the limit has really reset",
      "  next: run again once the usage limit has really reset: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline: 'failed in init: the usage limit came back 5 times in a row',
      details: [
        "hit a usage limit 5 times in a row without finishing an iteration (last: claude: You've hit your limit); run again once the limit has really reset",
      ],
      cause: {
        kind: 'provider',
        outcome: 'usage_limit',
        message:
          "hit a usage limit 5 times in a row without finishing an iteration (last: claude: You've hit your limit); run again once the limit has really reset",
        isFatal: true,
        attempts: 1,
        limit: 'in-a-row',
      },
      next: {
        text: 'run again once the usage limit has really reset',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'usage_limit',
        reason:
          "hit a usage limit 5 times in a row without finishing an iteration (last: claude: You've hit your limit); run again once the limit has really reset",
      },
    },
  },
  'failed: retries exhausted': {
    text: [
      'failed in init: all 3 attempts of iteration 1 failed; the last: the provider CLI ended without a result',
      '  claude: ended without a result (exit code 1)',
      "  next: look at the attempt logs in /s/26-12-07-mul/_logs, then run again: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'failed',
      needsHuman: true,
      phase: 'init',
      headline:
        'failed in init: all 3 attempts of iteration 1 failed; the last: the provider CLI ended without a result',
      details: ['claude: ended without a result (exit code 1)'],
      cause: {
        kind: 'provider',
        outcome: 'crash',
        message: 'claude: ended without a result (exit code 1)',
        isFatal: false,
        attempts: 3,
      },
      next: {
        text: 'look at the attempt logs in /s/26-12-07-mul/_logs, then run again',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: {
        state: 'init.failed',
        exitCode: 12,
        outcome: 'crash',
        reason: 'claude: ended without a result (exit code 1)',
      },
    },
  },
  suspended: {
    text: [
      'waiting out a usage limit until 2026-12-07 17:05 UTC (2 h 5 min from now); it continues by itself',
      "  claude: You've hit your limit",
      '  next: it continues by itself; follow it with: tail -f /s/26-12-07-mul/session.log',
    ],
    json: {
      attention: 'suspended',
      needsHuman: false,
      phase: 'implementation',
      headline:
        'waiting out a usage limit until 2026-12-07 17:05 UTC (2 h 5 min from now); it continues by itself',
      details: ["claude: You've hit your limit"],
      cause: {
        kind: 'usage-limit',
        waitMs: 7500000,
        resetsAt: '2026-12-07T17:05:00.000Z',
        message: "claude: You've hit your limit",
      },
      next: {
        text: 'it continues by itself; follow it with',
        command: 'tail -f /s/26-12-07-mul/session.log',
      },
      machine: { state: 'implementation.suspended' },
    },
  },
  interrupted: {
    text: [
      'interrupted during iteration 6 in implementation',
      "  next: run it again (the iteration starts over): samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'interrupted',
      needsHuman: true,
      phase: 'implementation',
      headline: 'interrupted during iteration 6 in implementation',
      details: [],
      cause: { kind: 'interrupted', activity: 'attempt' },
      next: {
        text: 'run it again (the iteration starts over)',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'implementation.running' },
    },
  },
  'interrupted while waiting out a limit': {
    text: [
      'interrupted while waiting out a usage limit (it resets at 2026-12-07 17:05 UTC)',
      "  next: run it again (it waits for the reset by itself): samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'interrupted',
      needsHuman: true,
      phase: 'implementation',
      headline: 'interrupted while waiting out a usage limit (it resets at 2026-12-07 17:05 UTC)',
      details: [],
      cause: { kind: 'interrupted', activity: 'limit' },
      next: {
        text: 'run it again (it waits for the reset by itself)',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'implementation.suspended' },
    },
  },
  'interrupted while checking': {
    text: [
      "interrupted while checking the agent's done with `npm test`",
      "  next: run it again (the check runs again): samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'interrupted',
      needsHuman: true,
      phase: 'done',
      headline: "interrupted while checking the agent's done with `npm test`",
      details: [],
      cause: { kind: 'interrupted', activity: 'verify' },
      next: {
        text: 'run it again (the check runs again)',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'done.verifying' },
    },
  },
  'paused (--once)': {
    text: [
      'paused after one iteration (--once); iteration 2 in investigation is next',
      "  next: continue with: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'paused',
      needsHuman: false,
      phase: 'investigation',
      headline: 'paused after one iteration (--once); iteration 2 in investigation is next',
      details: [],
      next: {
        text: 'continue with',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'investigation.paused', exitCode: 0 },
    },
  },
  running: {
    text: [
      'running iteration 6 in implementation, attempt 2 of 3',
      '  next: it is running; follow it with: tail -f /s/26-12-07-mul/session.log',
    ],
    json: {
      attention: 'running',
      needsHuman: false,
      phase: 'implementation',
      headline: 'running iteration 6 in implementation, attempt 2 of 3',
      details: [],
      next: { text: 'it is running; follow it with', command: 'tail -f /s/26-12-07-mul/session.log' },
      machine: { state: 'implementation.running' },
    },
  },
  retrying: {
    text: [
      'iteration 1 in init runs again shortly as attempt 2 of 3',
      '  attempt 1 failed: the API was overloaded',
      '  claude: HTTP 529',
      '  next: it is running; follow it with: tail -f /s/26-12-07-mul/session.log',
    ],
    json: {
      attention: 'running',
      needsHuman: false,
      phase: 'init',
      headline: 'iteration 1 in init runs again shortly as attempt 2 of 3',
      details: ['attempt 1 failed: the API was overloaded', 'claude: HTTP 529'],
      cause: { kind: 'retry', attempt: 2, outcome: 'overloaded' },
      next: { text: 'it is running; follow it with', command: 'tail -f /s/26-12-07-mul/session.log' },
      machine: { state: 'init.retrying', outcome: 'overloaded', reason: 'claude: HTTP 529' },
    },
  },
  checking: {
    text: [
      "checking the agent's done with `npm test` (iteration 7)",
      '  next: it is running; follow it with: tail -f /s/26-12-07-mul/session.log',
    ],
    json: {
      attention: 'running',
      needsHuman: false,
      phase: 'done',
      headline: "checking the agent's done with `npm test` (iteration 7)",
      details: [],
      next: { text: 'it is running; follow it with', command: 'tail -f /s/26-12-07-mul/session.log' },
      machine: { state: 'done.verifying' },
    },
  },
  'new': {
    text: [
      'not started yet',
      "  next: start it with: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'new',
      needsHuman: false,
      phase: '',
      headline: 'not started yet',
      details: [],
      next: {
        text: 'start it with',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'not started' },
    },
  },
  corrupt: {
    text: [
      'its state file (_state.json) cannot be read',
      '  /s/26-12-07-mul/_state.json is not valid JSON (SyntaxError: Unexpected end of JSON input); move it aside',
      "  next: repair or move aside _state.json as said above, then run: samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
    ],
    json: {
      attention: 'corrupt',
      needsHuman: true,
      phase: '',
      headline: 'its state file (_state.json) cannot be read',
      details: [
        '/s/26-12-07-mul/_state.json is not valid JSON (SyntaxError: Unexpected end of JSON input); move it aside',
      ],
      cause: {
        kind: 'corrupt',
        problem:
          '/s/26-12-07-mul/_state.json is not valid JSON (SyntaxError: Unexpected end of JSON input); move it aside',
      },
      next: {
        text: 'repair or move aside _state.json as said above, then run',
        command: "samocode run --config '/p/my proj/.samocode' --session 26-12-07-mul",
      },
      machine: { state: 'unreadable' },
    },
  },
};

describe('session view', () => {
  it.each(Object.keys(CASES) as CaseName[])('%s: exact plain text and JSON', (name) => {
    const view = buildSessionView(inputOf(name));
    const expected = EXPECTED[name];
    expect(renderEndMessage(view).split('\n')).toEqual(expected.text);
    const { session, dir, iterations: _iterations, spend: _spend, ...json } = view;
    expect([session, dir]).toEqual(['26-12-07-mul', '/s/26-12-07-mul']);
    expect(json).toEqual(expected.json);
  });

  it('never shows a machine name, a rule number or a wait reason in plain text', () => {
    const machineWords =
      /awaitingAnswers|awaitingAction|awaitingApproval|qa_answers|plan_approval|human_action|human_decision|error_resolution|budget-exhausted|spend-exhausted|signal\.(continue|done|blocked|waiting|invalid)|agent\.(noSignal|noProgress|failed|limited)|verify\.(passed|failed)|rule \d|\w+\.(running|retrying|verifying|blocked|failed|paused|suspended)\b/;
    for (const name of Object.keys(CASES) as CaseName[]) {
      const text = renderEndMessage(buildSessionView(inputOf(name)));
      expect(text.replace(/`[^`]*`/g, ''), name).not.toMatch(machineWords);
    }
  });
});
