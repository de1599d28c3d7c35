/** The claude line parser's folding, beyond the golden fixtures (classify.test.ts). */
import { describe, expect, it } from 'vitest';
import { INITIAL_CLAUDE_STREAM, parseClaudeLine } from '../../../src/providers/claude/parse.js';

const assistant = (id: string, content: unknown[] = [{ type: 'text', text: 'hi' }]) =>
  JSON.stringify({
    type: 'assistant',
    session_id: 's1',
    message: { id, content, usage: { input_tokens: 3, output_tokens: 5 } },
  });

describe('parseClaudeLine', () => {
  it('keeps the same figures object while a message repeats without tool calls', () => {
    const first = parseClaudeLine(INITIAL_CLAUDE_STREAM, assistant('m1'));
    const again = parseClaudeLine(first, assistant('m1'));
    expect(again.figures).toBe(first.figures);
    expect(first.figures).toMatchObject({
      inputTokens: 3,
      outputTokens: 5,
      toolCalls: 0,
      providerSessionId: 's1',
    });
  });

  it('counts tool calls on a repeated message and tokens once per message', () => {
    const first = parseClaudeLine(INITIAL_CLAUDE_STREAM, assistant('m1'));
    const tool = parseClaudeLine(
      first,
      assistant('m1', [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }]),
    );
    const next = parseClaudeLine(tool, assistant('m2'));
    expect(tool.figures).toMatchObject({ toolCalls: 1, inputTokens: 3, outputTokens: 5 });
    expect(next.figures).toMatchObject({ toolCalls: 1, inputTokens: 6, outputTokens: 10 });
  });

  it('passes over tool results (user lines) without counting them as non-JSON', () => {
    const line = JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result' }] },
    });
    expect(parseClaudeLine(INITIAL_CLAUDE_STREAM, line)).toBe(INITIAL_CLAUDE_STREAM);
    expect(parseClaudeLine(INITIAL_CLAUDE_STREAM, 'not json').nonJsonLines).toBe(1);
  });
});
