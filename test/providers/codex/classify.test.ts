import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCodexRun, parseCodexResetTime } from '../../../src/providers/codex/classify.js';
import {
  type CodexStream,
  INITIAL_CODEX_STREAM,
  parseCodexLine,
} from '../../../src/providers/codex/parse.js';
import type { OutcomeKind } from '../../../src/providers/types.js';
import { endWith, FIXTURE_DIR, readFixtureLines } from '../fixture-lines.js';

const NOW = new Date(2026, 10, 24, 16, 0, 0).getTime();

/** The timestamped capture prefixes each line with seconds since start; the last line is the shell's rc. */
function toStreamLine(line: string): string {
  return line.replace(/^[\d.]+ /, '');
}

function parseFixture(name: string, lines = readFixtureLines(name)): CodexStream {
  return lines.map(toStreamLine).reduce(parseCodexLine, INITIAL_CODEX_STREAM);
}

const ROWS: ReadonlyArray<readonly [string, number, OutcomeKind]> = [
  ['codex-0.130.0/offline.jsonl', 1, 'network'],
  ['codex-0.169.0/offline-bounded-retries.jsonl', 1, 'network'],
  ['codex-0.169.0/quota-exceeded.jsonl', 1, 'billing'],
  ['codex-0.169.0/rate-limit-429.jsonl', 1, 'rate_limited'],
  ['codex-0.169.0/response-failed.jsonl', 1, 'server_error'],
  ['codex-0.169.0/server-error-500.jsonl', 1, 'server_error'],
  ['codex-0.169.0/success-command.jsonl', 0, 'success'],
  ['codex-0.169.0/success-file-change.jsonl', 0, 'success'],
  ['codex-0.169.0/success-text.jsonl', 0, 'success'],
  ['codex-0.169.0/unauthorized-401.jsonl', 1, 'auth'],
  ['codex-0.169.0/usage-limit.jsonl', 1, 'usage_limit'],
  ['codex-0.58.0/offline.jsonl', 1, 'network'],
];

describe('codex golden fixtures through parser and classifier', () => {
  it('covers every captured codex fixture (the unbounded capture has its own test)', () => {
    const all = ['codex-0.130.0', 'codex-0.169.0', 'codex-0.58.0'].flatMap((dir) =>
      readdirSync(join(FIXTURE_DIR, dir)).map((file) => `${dir}/${file}`),
    );
    const covered = [...ROWS.map((row) => row[0]), 'codex-0.169.0/offline-unbounded-timestamped.txt'];
    expect(covered.sort()).toEqual(all.sort());
  });

  it.each(ROWS)('%s (exit %i) is classified as %s', (name, exitCode, outcome) => {
    expect(classifyCodexRun(parseFixture(name), endWith({ exitCode }), NOW).outcome).toBe(outcome);
  });

  it('never finishes the unbounded offline loop by itself: our time limit ends it, and names the cause, no API', () => {
    const stream = parseFixture('codex-0.169.0/offline-unbounded-timestamped.txt');
    expect(stream.failure).toBeUndefined();
    expect(stream.turnCompleted).toBe(false);
    expect(stream.earlyStop).toBeUndefined();
    const end = endWith({ exitCode: null, signal: 'SIGKILL', timedOut: true, timeoutMs: 540_000 });
    expect(classifyCodexRun(stream, end, NOW)).toEqual({
      outcome: 'network',
      message:
        'codex: cannot reach the API: it was still retrying (retry 1) when the time limit (540 s) ended the attempt. Fix: check the network connection, and HTTPS_PROXY if you set it, then run samocode again (it does not retry on top of the retries codex already made).',
    });
  });

  it('a timeout after codex reconnected and went on working stays a timeout', () => {
    const lines = [
      '{"type":"thread.started","thread_id":"t"}',
      '{"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: error sending request)"}',
      '{"type":"item.started","item":{"id":"i","type":"command_execution"}}',
    ];
    const stream = lines.reduce(parseCodexLine, INITIAL_CODEX_STREAM);
    expect(stream.figures.retry).toBeUndefined();
    const end = endWith({ exitCode: null, signal: 'SIGKILL', timedOut: true, timeoutMs: 60_000 });
    expect(classifyCodexRun(stream, end, NOW).outcome).toBe('timeout');
  });

  it('parses "try again at 5:06 PM" as the next 17:06 local time', () => {
    const classified = classifyCodexRun(
      parseFixture('codex-0.169.0/usage-limit.jsonl'),
      endWith({ exitCode: 1 }),
      NOW,
    );
    expect(classified.resetsAtMs).toBe(new Date(2026, 10, 24, 17, 6, 0).getTime());
  });

  it.each([
    ['try again at 5:06 PM.', new Date(2026, 10, 24, 17, 6).getTime()],
    ['try again at 3:00 PM.', new Date(2026, 10, 25, 15, 0).getTime()],
    ['try again at 12:30 AM', new Date(2026, 10, 25, 0, 30).getTime()],
    ['try again at 12:15 PM', new Date(2026, 10, 25, 12, 15).getTime()],
    // Another day: codex writes the date (real codex 0.169.0, a reset 2 h ahead at 22:06).
    ['or try again at Dec 7th, 2026 12:08 AM.', new Date(2026, 11, 7, 0, 8).getTime()],
    ['try again at Dec 15th, 2026 10:08 PM.', new Date(2026, 11, 15, 22, 8).getTime()],
    ['try again at Jan 1st, 2027 9:05 AM', new Date(2027, 0, 1, 9, 5).getTime()],
    ['try again at Nov 22nd, 2026 12:00 PM', new Date(2026, 10, 22, 12, 0).getTime()],
    ['try again at Sep 3rd, 2027 1:00 PM', new Date(2027, 8, 3, 13, 0).getTime()],
    ['try again at Xyz 3rd, 2027 1:00 PM', undefined],
    ["You've hit your usage limit.", undefined],
  ])('reset time of %j is %s', (text, expected) => {
    expect(parseCodexResetTime(text, NOW)).toBe(expected);
  });

  it('asks for an early stop on the first reconnect caused by HTTP 401', () => {
    const lines = readFixtureLines('codex-0.169.0/unauthorized-401.jsonl');
    const afterThree = parseFixture('', lines.slice(0, 3));
    expect(afterThree.earlyStop?.outcome).toBe('auth');
    const end = endWith({ exitCode: null, signal: 'SIGTERM', killedEarly: true });
    expect(classifyCodexRun(afterThree, end, NOW).outcome).toBe('auth');
  });

  it('does not stop early on network or 429 reconnects', () => {
    for (const name of ['offline-bounded-retries', 'rate-limit-429', 'server-error-500']) {
      expect(parseFixture(`codex-0.169.0/${name}.jsonl`).earlyStop).toBeUndefined();
    }
  });

  it('reads figures: tool items, turn usage and the thread id', () => {
    expect(parseFixture('codex-0.169.0/success-command.jsonl').figures).toEqual({
      toolCalls: 1,
      lastTool: 'shell',
      inputTokens: 2000,
      outputTokens: 100,
      costUsd: 0,
      providerSessionId: '01a20e4f-5f1e-7212-9c80-6bb9c80f0dc8',
    });
  });

  it.each([
    ['command_execution', 'shell'],
    ['file_change', 'file change'],
    ['mcp_tool_call', 'MCP tool'],
    ['web_search', 'web search'],
  ])('names the last tool of a %s item %s, and counts nothing for other items', (type, name) => {
    const started = (itemType: string) => JSON.stringify({ type: 'item.started', item: { type: itemType } });
    const tool = parseCodexLine(INITIAL_CODEX_STREAM, started(type));
    expect(tool.figures).toMatchObject({ toolCalls: 1, lastTool: name });
    const message = parseCodexLine(tool, started('agent_message'));
    expect(message).toBe(tool);
  });

  it("classifies clap's exit 2 as a bad invocation", () => {
    const end = endWith({ exitCode: 2, stderrTail: "error: unexpected argument '--max-turns' found\n" });
    expect(classifyCodexRun(INITIAL_CODEX_STREAM, end, NOW)).toEqual({
      outcome: 'bad_invocation',
      message:
        "codex: codex rejected its arguments: error: unexpected argument '--max-turns' found. Fix: check the codex version (samocode needs the flags of codex 0.169).",
    });
  });

  it('classifies a completed turn with a nonzero exit as a crash', () => {
    const stream = parseFixture('codex-0.169.0/success-text.jsonl');
    expect(classifyCodexRun(stream, endWith({ exitCode: 1 }), NOW).outcome).toBe('crash');
  });
});
