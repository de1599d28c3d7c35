import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { createLogObserver, renderEvent } from '../../src/log/log-observer.js';
import { createLogger } from '../../src/log/logger.js';
import { StatusTerminal } from '../../src/log/terminal.js';

describe('log observer', () => {
  it('renders an event as its type and short fields, never its free text', () => {
    expect(renderEvent({ type: 'signal.waiting', for: 'qa_answers', summary: 'long text' })).toBe(
      'signal.waiting (for: qa_answers)',
    );
    expect(renderEvent({ type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'm' })).toBe(
      'agent.failed (outcome: auth, kind: fatal)',
    );
    expect(renderEvent({ type: 'resume' })).toBe('resume');
  });

  it('logs a transition as from → to on the event, whether the runner passes raw or split state values', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const log = createLogger({
      logDir: false,
      console: true,
      level: 'info',
      env: {},
      terminal: new StatusTerminal(stream, false),
    });
    const observer = createLogObserver(log.logger);
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'signal.continue', target: 'investigation' },
      before: { value: { init: 'running' }, status: 'active', context: initialContext() },
      after: { value: { investigation: 'running' }, status: 'active', context: initialContext() },
    });
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'signal.continue', target: 'implementation' },
      before: { value: { planning: 'running' }, status: 'active', context: initialContext() },
      after: {
        value: { implementation: 'running' },
        status: 'active',
        context: { ...initialContext(), autoApproved: true },
      },
    });
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'signal.done', summary: 'ok' },
      before: { value: { done: 'running' }, status: 'active', context: initialContext() },
      after: { value: 'completed', status: 'done', context: initialContext() },
    });
    await log.close();
    expect(text.replace(/^\d\d:\d\d:\d\d /gm, '')).toBe(
      [
        'info init.running → investigation.running on signal.continue (target: investigation)',
        'info planning.running → implementation.running on signal.continue (target: implementation) (plan auto-approved)',
        'info done.running → completed on signal.done',
        '',
      ].join('\n'),
    );
  });

  it('says on its own line when attempts move to the fallback provider and back', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const log = createLogger({
      logDir: false,
      console: true,
      level: 'info',
      env: {},
      terminal: new StatusTerminal(stream, false),
    });
    const now = new Date(2026, 10, 24, 12, 0);
    const observer = createLogObserver(
      log.logger,
      { providers: { primary: 'claude', fallback: 'codex' } },
      () => now,
    );
    const onFallback = {
      ...initialContext(),
      provider: 'fallback' as const,
      fallbackUntil: new Date(2026, 10, 24, 17, 5).getTime(),
    };
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'agent.limited', waitMs: 18_300_000, message: 'limit', at: 0 },
      before: { value: { init: 'running' }, status: 'active', context: initialContext() },
      after: { value: { init: 'running' }, status: 'active', context: onFallback },
    });
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'signal.continue', target: 'investigation' },
      before: { value: { init: 'running' }, status: 'active', context: onFallback },
      after: { value: { investigation: 'running' }, status: 'active', context: initialContext() },
    });
    await log.close();
    expect(text.replace(/^\d\d:\d\d:\d\d /gm, '')).toBe(
      [
        'info init.running → init.running on agent.limited',
        'info primary claude is limited until 17:05; using codex',
        'info init.running → investigation.running on signal.continue (target: investigation)',
        "info primary claude's usage limit has reset; back to claude from codex",
        '',
      ].join('\n'),
    );
  });
});
