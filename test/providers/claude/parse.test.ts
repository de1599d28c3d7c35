/** The claude line parser's folding, beyond the golden fixtures (classify.test.ts). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  INITIAL_CLAUDE_STREAM,
  isAssistantLine,
  parseClaudeLine,
} from '../../../src/providers/claude/parse.js';
import { FIXTURE_DIR, readFixtureLines } from '../fixture-lines.js';

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

  it('names the last tool of a message, keeps it across messages without tools, and cuts a long name', () => {
    const tools = parseClaudeLine(
      INITIAL_CLAUDE_STREAM,
      assistant('m1', [
        { type: 'tool_use', id: 'a', name: 'Read', input: {} },
        { type: 'tool_use', id: 'b', name: 'Bash', input: {} },
      ]),
    );
    expect(tools.figures).toMatchObject({ toolCalls: 2, lastTool: 'Bash' });
    expect(parseClaudeLine(tools, assistant('m2')).figures.lastTool).toBe('Bash');
    const unnamed = parseClaudeLine(tools, assistant('m3', [{ type: 'tool_use', id: 'c', name: 7 }]));
    expect(unnamed.figures).toMatchObject({ toolCalls: 3, lastTool: 'Bash' });
    const long = parseClaudeLine(
      INITIAL_CLAUDE_STREAM,
      assistant('m4', [{ type: 'tool_use', id: 'd', name: `mcp__${'x'.repeat(200)}` }]),
    );
    expect(long.figures.lastTool).toBe(`mcp__${'x'.repeat(75)}`);
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

/** The zod schema the assistant branch used before it was narrowed by hand: the reference verdicts. */
const ReferenceAssistant = z.looseObject({
  type: z.literal('assistant'),
  session_id: z.string().optional(),
  error: z.string().nullish(),
  message: z
    .looseObject({
      id: z.string().optional(),
      content: z.array(z.looseObject({ type: z.string() })).optional(),
      usage: z
        .looseObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional() })
        .nullish(),
    })
    .optional(),
});

const WRONG_VALUES: readonly unknown[] = [null, 7, 'text', true, [], {}, [{}], [{ type: 3 }], { type: 'x' }];

/** Every assistant line of the golden fixtures, and each with one field (at any depth) replaced or removed. */
function assistantVariants(): unknown[] {
  const bases = readdirSync(FIXTURE_DIR)
    .filter((dir) => dir.startsWith('claude-'))
    .flatMap((dir) =>
      readdirSync(join(FIXTURE_DIR, dir))
        .filter((name) => name.endsWith('.jsonl'))
        .flatMap((name) => readFixtureLines(join(dir, name))),
    )
    .filter((line) => line.startsWith('{"type":"assistant"'))
    .map((line): unknown => JSON.parse(line));
  const variants: unknown[] = [...bases];
  const paths: ReadonlyArray<readonly (string | number)[]> = [
    ['session_id'],
    ['error'],
    ['message'],
    ['message', 'id'],
    ['message', 'content'],
    ['message', 'content', 0],
    ['message', 'content', 0, 'type'],
    ['message', 'usage'],
    ['message', 'usage', 'input_tokens'],
    ['message', 'usage', 'output_tokens'],
  ];
  for (const base of bases) {
    for (const path of paths) {
      for (const value of [...WRONG_VALUES, undefined]) {
        const copy: unknown = structuredClone(base);
        let node: unknown = copy;
        for (const key of path.slice(0, -1))
          node = node && typeof node === 'object' ? Reflect.get(node, key) : undefined;
        if (!node || typeof node !== 'object') continue;
        const last = path[path.length - 1] ?? '';
        // JSON has no holes: an array element is removed, not deleted.
        if (value === undefined && Array.isArray(node)) node.splice(Number(last), 1);
        else if (value === undefined) Reflect.deleteProperty(node, last);
        else Reflect.set(node, last, value);
        variants.push(copy);
      }
    }
  }
  return variants;
}

const resultLine = (extra: Record<string, unknown> = {}, omit: readonly string[] = []) => {
  const line: Record<string, unknown> = {
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: 'done',
    session_id: 's1',
    total_cost_usd: 0.5,
    usage: { input_tokens: 10, output_tokens: 2 },
    ...extra,
  };
  for (const key of omit) delete line[key];
  return JSON.stringify(line);
};

describe('parseClaudeLine: numbers that cannot be true', () => {
  it('takes a possible cost as reported', () => {
    const state = parseClaudeLine(INITIAL_CLAUDE_STREAM, resultLine());
    expect(state.figures).toMatchObject({
      costUsd: 0.5,
      isCostReported: true,
      inputTokens: 10,
      outputTokens: 2,
    });
    expect(state.figures.impossible).toBeUndefined();
  });

  it.each([
    [-5, '-5'],
    [-0.0001, '-0.0001'],
    [1e308, '1e+308'],
    ['0.5', '"0.5"'],
    [null, 'null'],
  ])('reads total_cost_usd %j as unknown and says so, keeping the result', (cost, shown) => {
    const state = parseClaudeLine(INITIAL_CLAUDE_STREAM, resultLine({ total_cost_usd: cost }));
    expect(state.result).toMatchObject({ subtype: 'success', isError: false });
    expect(state.figures.costUsd).toBe(0);
    expect(state.figures.isCostReported).toBeUndefined();
    expect(state.figures.impossible).toEqual([{ field: 'total_cost_usd', value: shown }]);
  });

  it('reads a result without total_cost_usd as an unknown cost', () => {
    const state = parseClaudeLine(INITIAL_CLAUDE_STREAM, resultLine({}, ['total_cost_usd']));
    expect(state.result).toBeDefined();
    expect(state.figures.isCostReported).toBeUndefined();
    expect(state.figures.impossible).toEqual([{ field: 'total_cost_usd', value: 'missing' }]);
  });

  it('keeps the tokens counted from the messages when the result states impossible ones', () => {
    const counted = parseClaudeLine(INITIAL_CLAUDE_STREAM, assistant('m1'));
    const state = parseClaudeLine(
      counted,
      resultLine({ usage: { input_tokens: -100, output_tokens: 1e308 } }),
    );
    expect(state.figures).toMatchObject({ inputTokens: 3, outputTokens: 5, costUsd: 0.5 });
    expect(state.figures.impossible).toEqual([
      { field: 'usage.input_tokens', value: '-100' },
      { field: 'usage.output_tokens', value: '1e+308' },
    ]);
  });

  it('adds nothing for a message whose tokens cannot be true, and says so once', () => {
    const bad = (id: string) =>
      JSON.stringify({
        type: 'assistant',
        message: { id, content: [], usage: { input_tokens: -7, output_tokens: 4 } },
      });
    const state = parseClaudeLine(parseClaudeLine(INITIAL_CLAUDE_STREAM, bad('m1')), bad('m2'));
    expect(state.figures).toMatchObject({ inputTokens: 0, outputTokens: 8 });
    expect(state.figures.impossible).toEqual([{ field: 'usage.input_tokens', value: '-7' }]);
  });
});

describe('isAssistantLine (hand-written narrowing of the hot line type)', () => {
  it('gives the verdict zod gave on every fixture line and every one-field variant of it', () => {
    const variants = assistantVariants();
    expect(variants.length).toBeGreaterThan(1000);
    const disagreements = variants.filter(
      (value) => isAssistantLine(value) !== ReferenceAssistant.safeParse(value).success,
    );
    expect(disagreements).toEqual([]);
    // Both verdicts occur, so the comparison is not trivially all-true or all-false.
    expect(variants.some((value) => isAssistantLine(value))).toBe(true);
    expect(variants.some((value) => !isAssistantLine(value))).toBe(true);
  });

  it('leaves the state as it was for an assistant line of the wrong shape', () => {
    const bad = JSON.stringify({ type: 'assistant', message: { id: 'm1', usage: { input_tokens: '3' } } });
    expect(parseClaudeLine(INITIAL_CLAUDE_STREAM, bad)).toBe(INITIAL_CLAUDE_STREAM);
  });
});
