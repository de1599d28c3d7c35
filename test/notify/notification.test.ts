import { describe, expect, it } from 'vitest';
import { initialContext, type WorkflowContext } from '../../machines/context.js';
import type { WorkflowEvent } from '../../machines/events.js';
import { buildNotification } from '../../src/notify/notification.js';
import type { TransitionInfo } from '../../src/runner/observer.js';
import { buildRedactor } from '../../src/text/redact.js';
import { DEFAULT_VIEW_SETTINGS } from '../../src/view/view-settings.js';

const place = {
  place: {
    folder: '26-11-24-add-login',
    dir: '/s/26-11-24-add-login',
    configPath: '/home/me/my proj/.samocode',
    branch: 'add-login',
    worktree: '/w/26-11-24-add-login',
  },
  settings: DEFAULT_VIEW_SETTINGS,
};
const redact = buildRedactor(['s3cr3t-value-123']);
const NOW = Date.parse('2026-11-24T10:00:00.000Z');

function transition(
  before: unknown,
  after: unknown,
  context: Partial<WorkflowContext>,
  event: WorkflowEvent,
): TransitionInfo {
  return {
    sessionName: place.place.folder,
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
      text: [
        '✅ <b>26-11-24-add-login</b>: complete (claimed by the agent, not verified)',
        'summary: Added &lt;form&gt; &amp; tests',
        'review the branch add-login (in /w/26-11-24-add-login), merge it, then remove the worktree with:',
        "<code>samocode clean --config '/home/me/my proj/.samocode' --session 26-11-24-add-login</code>",
      ].join('\n'),
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
        '⛔ <b>26-11-24-add-login</b>: blocked in testing: the agent needs a change to its environment',
        'the agent says: tests need a DB at &lt;localhost&gt;',
        'resolve it, then run:',
        "<code>samocode run --config '/home/me/my proj/.samocode' --session 26-11-24-add-login</code>",
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
    expect(n?.text).toBe(
      [
        '⏸ <b>26-11-24-add-login</b>: the plan waits for your approval',
        'read the plan (the plan file in /s/26-11-24-add-login, listed in _overview.md), then approve it and run:',
        "<code>samocode approve --config '/home/me/my proj/.samocode' --session 26-11-24-add-login &amp;&amp; samocode run --config '/home/me/my proj/.samocode' --session 26-11-24-add-login</code>",
      ].join('\n'),
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
        '⏸ <b>26-11-24-add-login</b>: waiting for your answers to the questions in _qa.md',
        'the agent says: 3 questions',
        'answer the questions in /s/26-11-24-add-login/_qa.md, then run:',
        "<code>samocode run --config '/home/me/my proj/.samocode' --session 26-11-24-add-login</code>",
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
    expect(n?.text).toBe(
      [
        '❌ <b>26-11-24-add-login</b>: failed in init: the provider CLI is not logged in, or its key was refused',
        'Invalid API key [redacted]',
        'log the provider CLI in (or set its API key), then run:',
        "<code>samocode run --config '/home/me/my proj/.samocode' --session 26-11-24-add-login</code>",
      ].join('\n'),
    );
  });

  it('gives the reset time and the wait of a usage-limit suspension (or how long it waits at most)', () => {
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
    expect(withReset?.text).toBe(
      [
        '⏳ <b>26-11-24-add-login</b>: waiting out a usage limit until 2026-11-24 13:00 UTC (3 h from now); it continues by itself',
        'limit',
        'it continues by itself; follow it with:',
        '<code>tail -f /s/26-11-24-add-login/session.log</code>',
      ].join('\n'),
    );
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
    expect(withoutReset?.text).toContain(
      ': waiting out a usage limit for up to 90 s; it continues by itself\n',
    );
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
    expect(n?.text).toContain('the agent says: token [redacted]');
    expect(n?.text).not.toContain('ABCDEFGHIJ');
  });
});
