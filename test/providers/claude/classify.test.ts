import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyClaudeRun } from '../../../src/providers/claude/classify.js';
import {
  type ClaudeStream,
  INITIAL_CLAUDE_STREAM,
  parseClaudeLine,
} from '../../../src/providers/claude/parse.js';
import type { OutcomeKind } from '../../../src/providers/types.js';
import { endWith, FIXTURE_DIR, readFixtureLines } from '../fixture-lines.js';

function parseFixture(name: string): ClaudeStream {
  return readFixtureLines(name).reduce(parseClaudeLine, INITIAL_CLAUDE_STREAM);
}

const ROWS: ReadonlyArray<readonly [string, number, OutcomeKind]> = [
  ['claude-2.1.197/offline-connection-refused.stream.jsonl', 1, 'network'],
  ['claude-2.1.197/success-write-tool.stream.jsonl', 0, 'success'],
  ['claude-2.1.197/usage-limit-subscription.stream.jsonl', 1, 'usage_limit'],
  ['claude-2.1.331/credit-balance-low.stream.jsonl', 1, 'billing'],
  ['claude-2.1.331/invalid-api-key-401-default-retries.stream.jsonl', 1, 'auth'],
  ['claude-2.1.331/invalid-api-key-401.stream.jsonl', 1, 'auth'],
  ['claude-2.1.331/max-turns.json', 1, 'max_turns'],
  ['claude-2.1.331/max-turns.stream.jsonl', 1, 'max_turns'],
  ['claude-2.1.331/not-logged-in.stream.jsonl', 1, 'auth'],
  ['claude-2.1.331/offline-connection-failed.stream.jsonl', 1, 'network'],
  ['claude-2.1.331/overloaded-529.stream.jsonl', 1, 'overloaded'],
  ['claude-2.1.331/rate-limit-429-apikey-2retries.stream.jsonl', 1, 'rate_limited'],
  ['claude-2.1.331/sigint-during-request.stream.jsonl', 0, 'interrupted'],
  ['claude-2.1.331/success-write-tool.stream.jsonl', 0, 'success'],
  ['claude-2.1.331/usage-limit-subscription.stream.jsonl', 1, 'usage_limit'],
];

describe('claude golden fixtures through parser and classifier', () => {
  it('covers every captured claude fixture', () => {
    const all = ['claude-2.1.197', 'claude-2.1.331'].flatMap((dir) =>
      readdirSync(join(FIXTURE_DIR, dir)).map((file) => `${dir}/${file}`),
    );
    expect(ROWS.map((row) => row[0]).sort()).toEqual(all.sort());
  });

  it.each(ROWS)('%s (exit %i) is classified as %s', (name, exitCode, outcome) => {
    expect(classifyClaudeRun(parseFixture(name), endWith({ exitCode })).outcome).toBe(outcome);
  });

  it('names an unreachable API (claude 2.1.197 gives no typed error, only status-less retries) with its fix', () => {
    const stream = parseFixture('claude-2.1.197/offline-connection-refused.stream.jsonl');
    expect(stream.figures.retry).toBeUndefined();
    expect(stream.lastRetry).toEqual({
      attempt: 2,
      maxRetries: 2,
      delayMs: 1199,
      reason: 'cannot reach the API',
      isUnreachable: true,
    });
    expect(classifyClaudeRun(stream, endWith({ exitCode: 1 })).message).toBe(
      'claude: cannot reach the API after 2 retries of its own (API Error: Unable to connect to API (ConnectionRefused)). Fix: check the network connection, and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them, then run samocode again (it does not retry on top of the retries claude already made).',
    );
  });

  it('takes the usage-limit reset time from the rate_limit_event in epoch seconds', () => {
    const classified = classifyClaudeRun(
      parseFixture('claude-2.1.331/usage-limit-subscription.stream.jsonl'),
      endWith({ exitCode: 1 }),
    );
    expect(classified.resetsAtMs).toBe(1795539495_000);
    expect(classified.message).toBe("claude: You've hit your 5-hour limit · resets 4:58pm (UTC)");
  });

  it('reads figures from a successful run: one tool call and its name, result tokens, cost, session id and billing source', () => {
    const stream = parseFixture('claude-2.1.331/success-write-tool.stream.jsonl');
    expect(stream.figures).toEqual({
      toolCalls: 1,
      lastTool: 'Write',
      inputTokens: 2400,
      outputTokens: 84,
      costUsd: 0.011279999999999998,
      isCostReported: true,
      providerSessionId: '4cd83285-0f3f-4405-a5ac-6b67d216103d',
      billing: 'ANTHROPIC_API_KEY',
    });
  });

  it('asks for an early stop on the first api_retry with HTTP 401', () => {
    const lines = readFixtureLines('claude-2.1.331/invalid-api-key-401-default-retries.stream.jsonl');
    const afterTwo = lines.slice(0, 2).reduce(parseClaudeLine, INITIAL_CLAUDE_STREAM);
    expect(afterTwo.earlyStop).toEqual({
      outcome: 'auth',
      message: 'claude is retrying a request the API refused (authentication_failed, HTTP 401)',
    });
    const killed = classifyClaudeRun(
      afterTwo,
      endWith({ exitCode: null, signal: 'SIGTERM', killedEarly: true }),
    );
    expect(killed.outcome).toBe('auth');
  });

  it('does not stop early on retries for overload or network', () => {
    for (const name of ['overloaded-529', 'offline-connection-failed', 'rate-limit-429-apikey-2retries']) {
      expect(parseFixture(`claude-2.1.331/${name}.stream.jsonl`).earlyStop).toBeUndefined();
    }
  });

  it('classifies a run killed by our timer as timeout, even mid-stream', () => {
    const stream = readFixtureLines('claude-2.1.331/success-write-tool.stream.jsonl')
      .slice(0, 3)
      .reduce(parseClaudeLine, INITIAL_CLAUDE_STREAM);
    const end = endWith({ exitCode: null, signal: 'SIGKILL', timedOut: true });
    expect(classifyClaudeRun(stream, end).outcome).toBe('timeout');
  });

  it('a run our timer killed while claude was still retrying an unreachable API is "cannot reach the API", not a timeout', () => {
    // Offline with --timeout 60: claude is still between its own retries when the time limit ends the attempt.
    const stream = readFixtureLines('claude-2.1.197/offline-connection-refused.stream.jsonl')
      .slice(0, 3)
      .reduce(parseClaudeLine, INITIAL_CLAUDE_STREAM);
    const end = endWith({ exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutMs: 60_000 });
    expect(classifyClaudeRun(stream, end)).toEqual({
      outcome: 'network',
      message:
        'claude: cannot reach the API: it was still retrying (retry 2 of 2) when the time limit (60 s) ended the attempt. Fix: check the network connection, and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them, then run samocode again (it does not retry on top of the retries claude already made).',
    });
  });

  it('a timeout after an answered retry stays a timeout: the API was reachable again', () => {
    const lines = readFixtureLines('claude-2.1.197/offline-connection-refused.stream.jsonl').slice(0, 3);
    const answered = [
      ...lines,
      ...readFixtureLines('claude-2.1.331/success-write-tool.stream.jsonl').slice(1, 3),
    ];
    const stream = answered.reduce(parseClaudeLine, INITIAL_CLAUDE_STREAM);
    expect(stream.figures.retry).toBeUndefined();
    const end = endWith({ exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutMs: 60_000 });
    expect(classifyClaudeRun(stream, end).outcome).toBe('timeout');
  });

  it('classifies garbage on stdout without a result as a crash naming the count', () => {
    const stream = ['not json', '{"type":"system","subtype":"init","session_id":"s"}', 'also bad'].reduce(
      parseClaudeLine,
      INITIAL_CLAUDE_STREAM,
    );
    expect(classifyClaudeRun(stream, endWith({ exitCode: 1, stderrTail: 'boom\n' }))).toEqual({
      outcome: 'crash',
      message: 'claude: ended without a result (exit code 1, 2 non-JSON line(s) on stdout): boom',
    });
  });

  it('classifies the root refusal on stderr as a permission problem with the fix', () => {
    const end = endWith({
      exitCode: 1,
      stderrTail:
        '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons\n',
    });
    const classified = classifyClaudeRun(INITIAL_CLAUDE_STREAM, end);
    expect(classified.outcome).toBe('permission');
    expect(classified.message).toContain('set IS_SANDBOX=1');
  });

  it("classifies commander's unknown option error as a bad invocation", () => {
    const end = endWith({ exitCode: 1, stderrTail: "error: unknown option '--bogus'\n" });
    expect(classifyClaudeRun(INITIAL_CLAUDE_STREAM, end).outcome).toBe('bad_invocation');
  });

  it('treats denied tool calls on a successful result as a permission misconfiguration', () => {
    const line = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: 'ok',
      permission_denials: [{ tool_name: 'Write' }],
    });
    expect(classifyClaudeRun(parseClaudeLine(INITIAL_CLAUDE_STREAM, line), endWith()).outcome).toBe(
      'permission',
    );
  });

  it('reports cancellation before anything else', () => {
    const stream = parseFixture('claude-2.1.331/success-write-tool.stream.jsonl');
    expect(classifyClaudeRun(stream, endWith({ cancelled: true })).outcome).toBe('cancelled');
  });
});
