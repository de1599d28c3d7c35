import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
      before: { value: { init: 'running' }, status: 'active', context: {} },
      after: { value: { investigation: 'running' }, status: 'active', context: {} },
    });
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'signal.continue', target: 'implementation' },
      before: { value: { planning: 'running' }, status: 'active', context: {} },
      after: { value: { implementation: 'running' }, status: 'active', context: { autoApproved: true } },
    });
    observer.onTransition?.({
      sessionName: 's',
      event: { type: 'signal.done', summary: 'ok' },
      before: { value: { done: 'running' }, status: 'active', context: {} },
      after: { value: 'completed', status: 'done', context: {} },
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
});
