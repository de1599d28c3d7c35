import { describe, expect, it } from 'vitest';
import { buildTextCleaner, CIRCULAR, cleanDeep, TOO_DEEP } from '../../src/text/clean-text.js';
import { neutralizeControls } from '../../src/text/control-chars.js';
import { buildEnvRedactor, buildRedactor, collectSecretValues } from '../../src/text/redact.js';

describe('control characters', () => {
  it.each([
    ['ANSI clear screen', 'a\u001b[2Jb', 'a␛[2Jb'],
    ['window title with BEL', '\u001b]0;x\u0007', '␛]0;x␇'],
    ['NUL', 'a\u0000b', 'a␀b'],
    ['lone CR', 'safe\rEVIL', 'safe␍EVIL'],
    ['DEL', 'a\u007fb', 'a␡b'],
    ['C1 CSI', 'a\u009b31m', 'a<U+009B>31m'],
    ['RLO', 'abc\u202edef', 'abc<U+202E>def'],
    ['isolates', '\u2066x\u2069', '<U+2066>x<U+2069>'],
    ['newlines, tabs and CRLF stay', 'a\tb\r\nc\n', 'a\tb\nc\n'],
    ['plain text and emoji untouched', 'héllo ✓ 🙂', 'héllo ✓ 🙂'],
  ])('%s', (_name, input, output) => {
    expect(neutralizeControls(input)).toBe(output);
  });
});

describe('token shapes and listed variables', () => {
  it.each([
    ['GitHub classic', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['GitHub OAuth', 'gho_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['Slack', 'xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx'],
    ['AWS', 'AKIAIOSFODNN7EXAMPLE'],
    ['Google', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['Anthropic', 'sk-ant-api03-abcdefghijklmnop0123456789'],
    ['OpenAI project', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123'],
    ['OpenAI', 'sk-abcdefghijklmnopqrstuvwxyz0123'],
  ])('redacts a %s token', (_name, token) => {
    expect(buildRedactor()(`key=${token} end`)).toBe('key=[redacted] end');
  });

  it('redacts the values of variables listed in SAMOCODE_REDACT_VARS, whatever their names', () => {
    const env = { GH_PAT: 'plain-value-4711', OTHER: 'visible-value', SAMOCODE_REDACT_VARS: 'GH_PAT, NOPE' };
    expect(collectSecretValues(env)).toEqual(['plain-value-4711']);
    expect(buildEnvRedactor(env)('a plain-value-4711 visible-value')).toBe('a [redacted] visible-value');
  });

  it('cleans every string of nested data: secrets first, then controls', () => {
    const clean = buildTextCleaner(buildRedactor(['s3cr3t-value']));
    expect(cleanDeep({ a: ['s3cr3t-value\u001b[1m', 3], b: { c: null } }, clean)).toEqual({
      a: ['[redacted]␛[1m', 3],
      b: { c: null },
    });
  });

  it('never hands back a part it did not read: a secret nested past the depth limit is replaced too', () => {
    const clean = buildTextCleaner(buildRedactor(['s3cr3t-value']));
    let deep: unknown = { secret: 's3cr3t-value' };
    for (let depth = 0; depth < 60; depth++) deep = { next: deep };
    const text = JSON.stringify(cleanDeep(deep, clean));
    expect(text).not.toContain('s3cr3t-value');
    expect(text).toContain(TOO_DEEP);
  });

  it('writes a cycle as a mark and an Error as its cleaned stack, keeping a shared part that is no cycle', () => {
    const clean = buildTextCleaner(buildRedactor(['s3cr3t-value']));
    const shared = { note: 's3cr3t-value' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(cleanDeep(cyclic, clean)).toEqual({
      a: { note: '[redacted]' },
      b: { note: '[redacted]' },
      self: CIRCULAR,
    });
    const cleaned = cleanDeep({ error: new Error('failed with s3cr3t-value\u001b[2J'), big: 12n }, clean);
    expect(cleaned.error).toMatch(/^Error: failed with \[redacted\]␛\[2J\n {4}at /);
    expect(cleaned.big).toBe('12');
  });
});
