/** The Flow Log's `(…)` words: plain, and enough to tell the lines apart. */
import { describe, expect, it } from 'vitest';
import { initialContext, type WorkflowContext } from '../../machines/context.js';
import type { WorkflowEvent } from '../../machines/events.js';
import { explainBudget } from '../../machines/rules.js';
import type { StateOf } from '../../machines/sub-states.js';
import { describeFlowEvent } from '../../src/runner/flow-event.js';

const NOW = Date.parse('2026-12-07T15:00:00.000Z');
const context = (more: Partial<WorkflowContext> = {}): WorkflowContext => ({ ...initialContext(), ...more });

const flow = (
  event: WorkflowEvent,
  state: StateOf,
  after: Partial<WorkflowContext> = {},
  before = context(),
) =>
  describeFlowEvent({
    event,
    before,
    after: { state, context: context(after) },
    maxAttempts: 3,
    completion: () => 'complete (claimed by the agent, not verified)',
    now: NOW,
  });

describe('Flow Log words', () => {
  it.each([
    [
      'a continue',
      flow({ type: 'signal.continue', target: 'investigation' }, { phase: 'investigation', sub: 'running' }),
      'continue to investigation',
    ],
    [
      'a retry',
      flow(
        { type: 'agent.failed', kind: 'transient', outcome: 'crash', message: 'x' },
        { phase: 'init', sub: 'retrying' },
      ),
      'attempt 1 of 3 failed (crash); retrying as attempt 2 of 3',
    ],
    [
      'the plan gate',
      flow({ type: 'signal.waiting', for: 'plan_approval' }, { phase: 'planning', sub: 'awaitingApproval' }),
      'waiting: the plan waits for approval',
    ],
    [
      'the questions',
      flow(
        { type: 'signal.waiting', for: 'qa_answers' },
        { phase: 'requirements', sub: 'awaitingAnswers' },
        {
          waiting: { for: 'qa_answers' },
        },
      ),
      'waiting: the questions in _qa.md wait for answers',
    ],
    [
      'a budget block',
      flow(
        { type: 'signal.continue', target: 'done' },
        { phase: 'done', sub: 'blocked' },
        {
          blocked: explainBudget('done', 3, 3),
        },
      ),
      "continue to done: blocked: 'done' has used 3 iterations, all that it is allowed (its budget of 3); running samocode again allows 3 more",
    ],
    [
      'a usage-limit wait',
      flow(
        { type: 'agent.limited', waitMs: 60_000, message: 'm', at: 0 },
        { phase: 'init', sub: 'suspended' },
        {
          suspension: { waitMs: 60_000, message: 'm' },
        },
      ),
      'usage limit: waiting for up to 60 s',
    ],
    [
      'a failed check',
      flow(
        {
          type: 'verify.failed',
          receipt: {
            command: 'npm test',
            exitCode: 2,
            durationMs: 500,
            timedOut: false,
            head: null,
            clean: true,
            uncommitted: 0,
            commitsBeyondBase: null,
            tail: '',
            logFile: '/s/_logs/007-verify.log',
          },
        },
        { phase: 'testing', sub: 'running' },
      ),
      "samocode's check failed: `npm test` exited 2 after 0.5 s; its output is in /s/_logs/007-verify.log; back to testing",
    ],
    [
      'a completion',
      flow({ type: 'signal.done', summary: 's' }, { phase: 'completed' }),
      'complete (claimed by the agent, not verified)',
    ],
    [
      'an auto-approval',
      flow(
        { type: 'signal.waiting', for: 'plan_approval' },
        { phase: 'implementation', sub: 'running' },
        {
          autoApproved: true,
        },
      ),
      'plan auto-approved',
    ],
  ])('%s', (_, words, expected) => {
    expect(words).toBe(expected);
  });
});
