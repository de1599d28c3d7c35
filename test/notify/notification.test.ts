import { describe, expect, it } from 'vitest';
import { initialContext, type WorkflowContext } from '../../machines/context.js';
import type { WorkflowEvent } from '../../machines/events.js';
import { buildRedactor } from '../../src/log/redact.js';
import { buildNotification } from '../../src/notify/notification.js';
import type { TransitionInfo } from '../../src/runner/observer.js';

const place = { sessionName: 'add-login', configPath: '/home/me/my proj/.samocode' };
const redact = buildRedactor(['s3cr3t-value-123']);
const NOW = Date.parse('2026-11-24T10:00:00.000Z');

function transition(
  before: unknown,
  after: unknown,
  context: Partial<WorkflowContext>,
  event: WorkflowEvent,
): TransitionInfo {
  return {
    sessionName: place.sessionName,
    event,
    before: { value: before, status: 'active', context: initialContext() },
    after: {
      value: after,
      status: after === 'completed' ? 'done' : 'active',
      context: { ...initialContext(), ...context },
    },
  };
}

const base = { totalIterations: 7, attempt: 1 };

describe('buildNotification', () => {
  it('says a session is complete with its summary, escaped', () => {
    const n = buildNotification(
      transition(
        { done: 'running' },
        'completed',
        { ...base, summary: 'Added <form> & tests' },
        { type: 'signal.done', summary: 'x' },
      ),
      place,
      redact,
      NOW,
    );
    expect(n).toEqual({
      kind: 'complete',
      key: 'complete:completed:7:1',
      text: '✅ Session <b>add-login</b> is complete after 7 iterations.\ncomplete (claimed by the agent, not verified)\nAdded &lt;form&gt; &amp; tests',
    });
  });

  it('says why a session is blocked, what it needs and the command to run again', () => {
    const n = buildNotification(
      transition(
        { testing: 'running' },
        { testing: 'blocked' },
        {
          ...base,
          blocked: { rule: 'agent', reason: 'tests need a DB at <localhost>', needs: 'environment' },
        },
        { type: 'signal.blocked', reason: 'x', needs: 'environment' },
      ),
      place,
      redact,
      NOW,
    );
    expect(n?.kind).toBe('blocked');
    expect(n?.key).toBe('blocked:testing:7:1');
    expect(n?.text).toBe(
      [
        '⛔ Session <b>add-login</b> is blocked in testing.',
        'Reason: tests need a DB at &lt;localhost&gt;',
        'Needs: environment',
        "When resolved, run it again:\n<code>samocode run --config '/home/me/my proj/.samocode' --session add-login</code>",
      ].join('\n'),
    );
  });

  it('asks for approval with `samocode approve` at the plan gate', () => {
    const n = buildNotification(
      transition(
        { planning: 'running' },
        { planning: 'awaitingApproval' },
        { ...base, waiting: { for: 'plan_approval' } },
        {
          type: 'signal.waiting',
          for: 'plan_approval',
        },
      ),
      place,
      redact,
      NOW,
    );
    expect(n?.kind).toBe('waiting');
    expect(n?.text).toContain('is waiting in planning for your approval of the plan.');
    expect(n?.text).toContain(
      "<code>samocode approve --config '/home/me/my proj/.samocode' --session add-login</code>",
    );
  });

  it('asks for answers with `samocode run` for other waits', () => {
    const n = buildNotification(
      transition(
        { requirements: 'running' },
        { requirements: 'awaitingAnswers' },
        { ...base, waiting: { for: 'qa_answers', summary: '3 questions' } },
        {
          type: 'signal.waiting',
          for: 'qa_answers',
        },
      ),
      place,
      redact,
      NOW,
    );
    expect(n?.text).toBe(
      [
        '⏸ Session <b>add-login</b> is waiting in requirements for answers to the questions in _qa.md.',
        '3 questions',
        "Then continue with:\n<code>samocode run --config '/home/me/my proj/.samocode' --session add-login</code>",
      ].join('\n'),
    );
  });

  it('says what to fix when the provider failed fatally', () => {
    const n = buildNotification(
      transition(
        { init: 'running' },
        { init: 'failed' },
        { ...base, failure: { outcome: 'auth', kind: 'fatal', message: 'Invalid API key s3cr3t-value-123' } },
        { type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'x' },
      ),
      place,
      redact,
      NOW,
    );
    expect(n?.kind).toBe('failed');
    expect(n?.text).toContain('failed in init: auth.');
    expect(n?.text).toContain('Invalid API key [redacted]');
    expect(n?.text).toContain('To fix: log the provider CLI in again or set a valid API key; then run:');
    expect(n?.text).not.toContain('s3cr3t-value-123');
  });

  it('gives the resume time of a usage-limit suspension (reset time, else now + wait)', () => {
    const withReset = buildNotification(
      transition(
        { quality: 'running' },
        { quality: 'suspended' },
        { ...base, suspension: { waitMs: 60_000, resetsAt: '2026-11-24T13:00:00Z', message: 'limit' } },
        {
          type: 'agent.limited',
          waitMs: 60_000,
          message: 'limit',
          at: 0,
        },
      ),
      place,
      redact,
      NOW,
    );
    expect(withReset?.text).toContain('It resumes by itself at 2026-11-24T13:00:00Z.');
    expect(withReset?.key).toBe('suspended:quality:7:1:2026-11-24T13:00:00Z');
    const withoutReset = buildNotification(
      transition(
        { quality: 'running' },
        { quality: 'suspended' },
        { ...base, suspension: { waitMs: 90_000, message: 'limit' } },
        {
          type: 'agent.limited',
          waitMs: 90_000,
          message: 'limit',
          at: 0,
        },
      ),
      place,
      redact,
      NOW,
    );
    expect(withoutReset?.text).toContain('It resumes by itself at 2026-11-24T10:01:30.000Z.');
  });

  it.each([
    [{ init: 'running' }, { investigation: 'running' }],
    [{ init: 'running' }, { init: 'retrying' }],
    [{ testing: 'blocked' }, { testing: 'blocked' }],
  ])('sends nothing for %j → %j', (before, after) => {
    expect(
      buildNotification(transition(before, after, base, { type: 'resume' }), place, redact, NOW),
    ).toBeUndefined();
  });

  it('redacts a bot token that an agent wrote into a reason', () => {
    const n = buildNotification(
      transition(
        { done: 'running' },
        { done: 'blocked' },
        {
          ...base,
          blocked: {
            rule: 'agent',
            reason: 'token 987654:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123',
            needs: 'clarification',
          },
        },
        {
          type: 'signal.blocked',
          reason: 'x',
          needs: 'clarification',
        },
      ),
      place,
      redact,
      NOW,
    );
    expect(n?.text).toContain('Reason: token [redacted]');
  });
});
