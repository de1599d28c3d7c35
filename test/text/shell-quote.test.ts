import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { joinCommands, quoteShellWord, renderCommand } from '../../src/text/shell-quote.js';

/** The argv `sh` hands a command when `line` is pasted into it: one argument per output record. */
function argvOf(line: string): string[] {
  const out = execFileSync(
    '/bin/sh',
    ['-c', `printargs() { for a; do printf '%s\\0' "$a"; done; }; ${line}`],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home' },
    },
  );
  return out.split('\0').slice(0, -1);
}

const HOSTILE = [
  '/home/me/my proj/.samocode',
  'x; touch $HOME',
  "it's",
  '$(id)',
  '`id`',
  'a\nb',
  '~/x',
  '*',
  '',
  'cost=0.01',
  '-n',
  'back\\slash',
  'tab\there',
];

describe('shell quoting', () => {
  it.each(HOSTILE)('%j survives a paste into sh as one argument', (word) => {
    expect(argvOf(renderCommand(['printargs', word]))).toEqual([word]);
  });

  it('leaves plain words bare, so common commands read as typed', () => {
    expect(
      renderCommand([
        'samocode',
        'run',
        '--config',
        '/p/.samocode',
        '--session',
        '26-12-07-mul',
        '--grant',
        'cost=0.01',
      ]),
    ).toBe('samocode run --config /p/.samocode --session 26-12-07-mul --grant cost=0.01');
    expect(quoteShellWord('x; touch $HOME')).toBe("'x; touch $HOME'");
  });

  it('joins commands so the second runs only after the first succeeded', () => {
    const line = joinCommands([renderCommand(['false']), renderCommand(['printargs', 'second'])]);
    expect(() => argvOf(line)).toThrow();
    expect(argvOf(joinCommands([renderCommand(['true']), renderCommand(['printargs', 'a b'])]))).toEqual([
      'a b',
    ]);
  });
});
