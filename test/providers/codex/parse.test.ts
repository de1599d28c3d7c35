/** The codex line parser's folding of token counts, including numbers that cannot be true. */
import { describe, expect, it } from 'vitest';
import { INITIAL_CODEX_STREAM, parseCodexLine } from '../../../src/providers/codex/parse.js';

const completed = (usage: Record<string, unknown>) => JSON.stringify({ type: 'turn.completed', usage });

describe('parseCodexLine: token counts', () => {
  it('adds the tokens of every completed turn', () => {
    const once = parseCodexLine(INITIAL_CODEX_STREAM, completed({ input_tokens: 2000, output_tokens: 100 }));
    const twice = parseCodexLine(once, completed({ input_tokens: 1000, output_tokens: 50 }));
    expect(twice.figures).toMatchObject({ inputTokens: 3000, outputTokens: 150 });
    expect(twice.turnCompleted).toBe(true);
    expect(twice.figures.impossible).toBeUndefined();
  });

  it.each([
    [-1, '-1'],
    [1e308, '1e+308'],
    [1.5, '1.5'],
    ['2000', '"2000"'],
  ])('reads input_tokens %j as unknown (adds none), keeps the turn and says so', (tokens, shown) => {
    const state = parseCodexLine(
      INITIAL_CODEX_STREAM,
      completed({ input_tokens: tokens, output_tokens: 100 }),
    );
    expect(state.turnCompleted).toBe(true);
    expect(state.figures).toMatchObject({ inputTokens: 0, outputTokens: 100 });
    expect(state.figures.impossible).toEqual([{ field: 'usage.input_tokens', value: shown }]);
  });
});
