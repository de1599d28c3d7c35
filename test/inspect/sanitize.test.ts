import { describe, expect, it } from 'vitest';
import { sanitizeContext, sanitizeEvent, scrubText, toRelayedMessage } from '../../src/inspect/sanitize.js';
import { buildRedactor } from '../../src/text/redact.js';

const redact = buildRedactor(['hunter2-secret']);

describe('inspector sanitizer', () => {
  it('keeps phase counters and short reasons, drops everything else from the context', () => {
    expect(
      sanitizeContext(
        {
          iterations: { init: 1, planning: 2 },
          allowance: { init: 0 },
          totalIterations: 3,
          attempt: 2,
          reminded: false,
          prompt: 'You are the init agent…',
          sessionDir: '/home/me/sessions/x',
          blocked: {
            rule: 'agent',
            reason: 'cannot read /home/me/proj/secret.env: hunter2-secret',
            needs: 'environment',
            extra: 1,
          },
          failure: { outcome: 'auth', kind: 'fatal', message: 'Bearer abcdefghijkl rejected' },
        },
        redact,
      ),
    ).toEqual({
      iterations: { init: 1, planning: 2 },
      allowance: { init: 0 },
      totalIterations: 3,
      attempt: 2,
      reminded: false,
      blocked: { rule: 'agent', reason: 'cannot read …/secret.env: [redacted]', needs: 'environment' },
      failure: { outcome: 'auth', kind: 'fatal', message: '[redacted] rejected' },
    });
  });

  it('keeps the type and known fields of an event, not the init input', () => {
    expect(sanitizeEvent({ type: 'xstate.init', input: { task: 'secret task' } }, redact)).toEqual({
      type: 'xstate.init',
    });
    expect(
      sanitizeEvent(
        { type: 'signal.blocked', reason: 'x hunter2-secret', needs: 'clarification', raw: '{}' },
        redact,
      ),
    ).toEqual({
      type: 'signal.blocked',
      reason: 'x [redacted]',
      needs: 'clarification',
    });
  });

  it('clips long text and shortens paths to their last segment', () => {
    expect(scrubText('see ~/work/a/b.md and ./x/y.ts', redact)).toBe('see …/b.md and …/y.ts');
    expect(scrubText('a'.repeat(400), redact)).toHaveLength(300);
  });

  it('whitelists a whole relay message and drops what is not JSON', () => {
    const raw = JSON.stringify({
      type: '@xstate.snapshot',
      sessionId: 'x:0',
      createdAt: '1',
      snapshot: {
        value: { init: 'running' },
        status: 'active',
        context: { attempt: 1 },
        children: { provider: { input: 'p' } },
      },
      event: { type: 'signal.continue', target: 'investigation' },
      extra: 'hunter2-secret',
    });
    expect(JSON.parse(toRelayedMessage(raw, redact) ?? '')).toEqual({
      type: '@xstate.snapshot',
      sessionId: 'x:0',
      createdAt: '1',
      snapshot: { status: 'active', value: { init: 'running' }, context: { attempt: 1 } },
      event: { type: 'signal.continue', target: 'investigation' },
    });
    expect(toRelayedMessage('not json', redact)).toBeUndefined();
  });
});
