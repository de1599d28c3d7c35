import { describe, expect, it } from 'vitest';
import { createLineSplitter, createTail } from '../../src/providers/line-splitter.js';

function split(chunks: Buffer[], max?: number): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line), max);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('createLineSplitter', () => {
  it('joins lines across chunks and emits a last line without newline', () => {
    expect(split([Buffer.from('ab'), Buffer.from('c\nde'), Buffer.from('\n\nf')])).toEqual([
      'abc',
      'de',
      '',
      'f',
    ]);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const bytes = Buffer.from('é—\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(['é—']);
  });

  it('drops lines over the cap and carries on with the next', () => {
    expect(split([Buffer.from('short\n'), Buffer.from('x'.repeat(20)), Buffer.from('yy\nok\n')], 10)).toEqual(
      ['short', 'ok'],
    );
  });
});

describe('createTail', () => {
  it('keeps only the last characters', () => {
    const tail = createTail(5);
    tail.push(Buffer.from('hello '));
    tail.push(Buffer.from('world'));
    expect(tail.text()).toBe('world');
  });
});
