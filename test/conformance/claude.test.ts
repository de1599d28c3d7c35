/**
 * [slow] Conformance: the REAL claude binary (2.1.197 pinned; SAMOCODE_CONFORMANCE_CLAUDE for another), with the argv and env samocode builds,
 * against the loopback scripted model server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSignalEvent } from '../../machines/signal.js';
import { errorReply, textReply, toolReply } from '../../src/demo/model-server/index.js';
import { lastOfType, runRealClaude, useServerAndSandbox } from '../helpers/model-server.js';

const SLOW = { timeout: 60_000 };
const setUp = useServerAndSandbox();

describe('[slow] real claude against the scripted model server', () => {
  it('runs a Write tool call that writes _signal.json and ends in success', SLOW, async () => {
    const signal = '{"status":"continue","summary":"found it"}';
    const { server, sandbox } = await setUp((conversation) =>
      conversation.toolResults.length === 0
        ? toolReply([{ tool: 'write', path: '_signal.json', content: signal }], 'Writing the signal.')
        : textReply('Signal written.'),
    );
    const run = await runRealClaude({ server, sandbox, prompt: 'Write the signal file.' });

    expect(run.exitCode).toBe(0);
    expect(run.classified.outcome).toBe('success');
    const result = lastOfType(run.events, 'result');
    expect(result).toMatchObject({
      subtype: 'success',
      is_error: false,
      num_turns: 2,
      result: 'Signal written.',
    });
    expect(readFileSync(join(sandbox.workDir, '_signal.json'), 'utf8')).toBe(signal);
    expect(toSignalEvent(readFileSync(join(sandbox.workDir, '_signal.json'), 'utf8'))).toEqual({
      type: 'signal.continue',
      summary: 'found it',
    });
    const scripted = server.requests.filter((request) => request.reply?.kind === 'tools');
    expect(scripted).toHaveLength(1);
    expect(server.requests.some((request) => request.method === 'HEAD')).toBe(true);
  });

  const runUsageLimited = async (resetsAt: number) => {
    const { server, sandbox } = await setUp(() => errorReply('usage_limit', resetsAt));
    const run = await runRealClaude({
      server,
      sandbox,
      prompt: 'Do anything.',
      env: { ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test' },
    });
    return { run, server };
  };

  it('classifies a subscription usage limit and does not retry it', SLOW, async () => {
    const { run, server } = await runUsageLimited(1_795_543_600);
    expect(run.exitCode).toBe(1);
    expect(run.classified.outcome).toBe('usage_limit');
    expect(lastOfType(run.events, 'result')).toMatchObject({ is_error: true });
    expect(server.requests.filter((request) => request.reply?.kind === 'error')).toHaveLength(1);
  });

  it('reports the server reset time of a usage limit in a rate_limit_event', SLOW, async () => {
    // A reset in the future of the real clock: claude 2.1.33x drops a rate_limit_event whose reset has passed.
    const resetsAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    const { run } = await runUsageLimited(resetsAt);
    expect(run.classified).toMatchObject({ outcome: 'usage_limit', resetsAtMs: resetsAt * 1000 });
    expect(lastOfType(run.events, 'rate_limit_event')).toMatchObject({
      rate_limit_info: { status: 'rejected', resetsAt, rateLimitType: 'five_hour' },
    });
    expect(lastOfType(run.events, 'result')).toMatchObject({ is_error: true, api_error_status: 429 });
  });

  it('lets the orchestrator stop a 401 at the first retry instead of after three minutes', SLOW, async () => {
    const { server, sandbox } = await setUp(() => errorReply('auth'));
    const run = await runRealClaude({
      server,
      sandbox,
      prompt: 'Do anything.',
    });

    expect(run.stoppedEarly).toBe(true);
    expect(run.classified.outcome).toBe('auth');
    expect(lastOfType(run.events, 'system')).toMatchObject({
      subtype: 'api_retry',
      error_status: 401,
      error: 'authentication_failed',
    });
    expect(lastOfType(run.events, 'result')).toBeUndefined();
    expect(server.requests.filter((request) => request.reply?.kind === 'error').length).toBeLessThanOrEqual(
      2,
    );
  });

  it('ends in error_max_turns when the model keeps calling tools', SLOW, async () => {
    const { server, sandbox } = await setUp((conversation) =>
      toolReply([{ tool: 'shell', command: `echo turn${conversation.toolResults.length}` }]),
    );
    const run = await runRealClaude({ server, sandbox, prompt: 'Loop forever.', maxTurns: 2 });

    expect(run.exitCode).toBe(1);
    expect(run.classified.outcome).toBe('max_turns');
    expect(lastOfType(run.events, 'result')).toMatchObject({
      subtype: 'error_max_turns',
      is_error: true,
      num_turns: 3,
      errors: ['Reached maximum number of turns (2)'],
    });
  });

  it.each([
    ['rate_limit', 'rate_limited', 429],
    ['overloaded', 'overloaded', 529],
    ['server_error', 'server_error', 500],
  ] as const)(
    'classifies a persistent %s as %s (HTTP %i) after its retries',
    SLOW,
    async (failure, outcome, status) => {
      const { server, sandbox } = await setUp(() => errorReply(failure));
      const run = await runRealClaude({
        server,
        sandbox,
        prompt: 'Do anything.',
        env: { CLAUDE_CODE_MAX_RETRIES: '1' },
      });

      expect(run.exitCode).toBe(1);
      expect(run.classified.outcome).toBe(outcome);
      expect(lastOfType(run.events, 'result')).toMatchObject({ is_error: true, api_error_status: status });
      expect(server.requests.filter((request) => request.reply?.kind === 'error')).toHaveLength(2);
    },
  );
});
