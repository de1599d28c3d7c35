/**
 * The terminal of a session that shares its stream with others (a worker's, serve's runs): every
 * line carries the session, a multi-line message included, and no status line is drawn.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PrefixedTerminal } from '../../src/log/terminal.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, read: () => text };
}

describe('PrefixedTerminal', () => {
  it('prefixes every line of every message with its session', () => {
    const out = capture();
    const terminal = new PrefixedTerminal(out.stream, '26-12-07-a | ');
    terminal.printAbove('12:00:01 info started');
    terminal.printAbove('12:00:02 info run summary\nphase  iterations\ninit   1\n');
    expect(out.read()).toBe(
      '26-12-07-a | 12:00:01 info started\n26-12-07-a | 12:00:02 info run summary\n26-12-07-a | phase  iterations\n26-12-07-a | init   1\n',
    );
  });

  it('draws no status line, since several sessions would overwrite each other', () => {
    const out = capture();
    const terminal = new PrefixedTerminal(out.stream, 's | ');
    terminal.showStatus('init: iteration 1 · 3s');
    terminal.clearStatus();
    terminal.printAbove('a line');
    expect(out.read()).toBe('s | a line\n');
    expect(terminal.isTty).toBe(false);
  });
});
