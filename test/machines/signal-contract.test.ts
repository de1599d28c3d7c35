/** `_signal.json` → one event, to the byte and the character: the edges of the contract. */
import { describe, expect, it } from 'vitest';
import { MAX_SIGNAL_BYTES, quote, toSignalEvent } from '../../machines/signal.js';

const problemOf = (contents: string): string => {
  const event = toSignalEvent(contents);
  return event.type === 'signal.invalid' ? event.problem : `not refused: ${JSON.stringify(event)}`;
};

/** What this Node's JSON.parse says about `text`. */
function syntaxErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${text} parsed`);
}

describe('toSignalEvent carries exactly the fields the agent wrote', () => {
  it.each([
    ['{"status":"continue"}', { type: 'signal.continue' }],
    [
      '{"status":"continue","summary":"  read the code  "}',
      { type: 'signal.continue', summary: 'read the code' },
    ],
    [
      '{"status":"Done","phase":"done","summary":"ok"}',
      { type: 'signal.done', target: 'done', summary: 'ok' },
    ],
    [
      '{"status":"blocked","phase":"testing","reason":"no db","needs":"clarification"}',
      { type: 'signal.blocked', target: 'testing', reason: 'no db', needs: 'clarification' },
    ],
    ['{"status":"waiting","for":"qa_answers"}', { type: 'signal.waiting', for: 'qa_answers' }],
    [
      '{"status":"waiting","for":"human_action","summary":"flip the switch"}',
      { type: 'signal.waiting', for: 'human_action', summary: 'flip the switch' },
    ],
  ])('%s', (contents, expected) => {
    expect(toSignalEvent(contents)).toStrictEqual(expected);
  });
});

describe('toSignalEvent refuses, quoting the problem', () => {
  it.each([
    ['[]', 'signal: Invalid input: expected object, received array'],
    ['null', 'signal: Invalid input: expected object, received null'],
    ['3', 'signal: Invalid input: expected object, received number'],
    ['"continue"', 'signal: Invalid input: expected object, received string'],
  ])('a JSON value that is not an object: %s', (contents, issue) => {
    expect(problemOf(contents)).toBe(`_signal.json breaks the schema (${issue}): "${contents}"`);
  });

  it('joins every schema issue, each named by its field', () => {
    expect(problemOf('{"status":"waiting","for":"coffee","phase":"nope"}')).toMatch(
      /^_signal\.json breaks the schema \(phase: Invalid option: .*; for: 'coffee' is not a wait samocode knows; accepted: .*\): "\{"status":"waiting","for":"coffee","phase":"nope"\}"$/,
    );
  });

  it('a blank summary is no summary', () => {
    expect(problemOf('{"status":"done","summary":" \\n "}')).toMatch(
      /^_signal\.json breaks the schema \(summary: /,
    );
  });

  it('names the JSON syntax error and quotes the contents with whitespace flattened', () => {
    // V8's wording differs by Node version (22 adds "(line 1 column 2)"): the runtime's own message is quoted.
    const problem = problemOf('{bad\n\n  json');
    expect(problem).toBe(`_signal.json is not valid JSON (${syntaxErrorOf('{bad\n\n  json')}): "{bad json"`);
    expect(problem).toMatch(
      /^_signal\.json is not valid JSON \(Expected property name or '\}' in JSON at position 1\b/,
    );
  });

  it('reads a file of exactly the limit, and refuses one byte more unread', () => {
    const fill = (bytes: number): string => {
      const head = '{"status":"continue","summary":"';
      return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
    };
    // A summary that long is kept whole: only the file's size is capped.
    expect(toSignalEvent(fill(MAX_SIGNAL_BYTES))).toEqual({
      type: 'signal.continue',
      summary: 'x'.repeat(MAX_SIGNAL_BYTES - 34),
    });
    expect(problemOf(fill(MAX_SIGNAL_BYTES + 1))).toBe(
      `_signal.json is over ${MAX_SIGNAL_BYTES} bytes, the limit`,
    );
    expect(MAX_SIGNAL_BYTES).toBe(65_536);
  });

  it('counts bytes, not characters', () => {
    const head = '{"status":"continue","summary":"';
    const contents = `${head}${'é'.repeat((MAX_SIGNAL_BYTES - head.length) / 2)}"}`;
    expect(contents.length).toBeLessThan(MAX_SIGNAL_BYTES);
    expect(problemOf(contents)).toMatch(/^_signal\.json is over 65536 bytes, the limit$/);
  });
});

describe('quote', () => {
  it('flattens whitespace runs to one space and trims', () => {
    expect(quote('  a \n\t b  c ')).toBe('a b c');
  });

  it('keeps 200 characters whole and cuts the 201st with an ellipsis', () => {
    expect(quote('x'.repeat(200))).toBe('x'.repeat(200));
    expect(quote('x'.repeat(201))).toBe(`${'x'.repeat(200)}…`);
    expect(quote('abcdef', 3)).toBe('abc…');
    expect(quote('abc', 3)).toBe('abc');
  });
});
