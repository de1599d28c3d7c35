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
  it('keeps only the last bytes', () => {
    const tail = createTail(5);
    tail.push(Buffer.from('hello '));
    tail.push(Buffer.from('world'));
    expect(tail.text()).toBe('world');
    tail.push(Buffer.from('!'));
    expect(tail.text()).toBe('orld!');
    tail.push(Buffer.from('a chunk longer than the tail'));
    expect(tail.text()).toBe(' tail');
  });

  it('starts at a whole character when the cut falls inside one', () => {
    const tail = createTail(4);
    tail.push(Buffer.from('aé—'));
    // 'é' is 2 bytes and '—' 3: the last 4 bytes are the second byte of 'é' and all of '—'.
    expect(tail.text()).toBe('—');
  });
});

describe('createLineSplitter on many lines per chunk', () => {
  it('gives the same lines however the stream is cut into chunks', () => {
    const text = Array.from({ length: 200 }, (_, i) => `{"n":${i},"s":"é${'x'.repeat(i % 37)}—"}`).join('\n');
    const bytes = Buffer.from(`${text}\n`);
    const whole = split([bytes]);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect(split(chunks)).toEqual(whole);
    }
    expect(whole).toEqual(text.split('\n'));
  });

  it('counts the cap in bytes and keeps a line exactly at it', () => {
    expect(split([Buffer.from('12345\n123456\né12\n')], 5)).toEqual(['12345', 'é12']);
  });
});
