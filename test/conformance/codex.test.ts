/**
 * [slow] Conformance: the REAL codex binary (0.169.0 pinned; SAMOCODE_CONFORMANCE_CODEX for another), with the argv samocode builds, against the
 * loopback scripted model server (reached through a `config.toml` provider in CODEX_HOME).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSignalEvent } from '../../machines/signal.js';
import { errorReply, textReply, toolReply } from '../../src/demo/model-server/index.js';
import { lastOfType, runRealCodex, useServerAndSandbox } from '../helpers/model-server.js';

const SLOW = { timeout: 60_000 };
const setUp = useServerAndSandbox();

describe('[slow] real codex against the scripted model server', () => {
  it('runs a shell command that writes _signal.json and completes the turn', SLOW, async () => {
    const signal = '{"status":"done","summary":"all good"}\n';
    const { server, sandbox } = await setUp((conversation) =>
      conversation.toolResults.length === 0
        ? toolReply([{ tool: 'write', path: '_signal.json', content: signal }])
        : textReply('Signal written.'),
    );
    const run = await runRealCodex({ server, sandbox, prompt: 'Write the signal file.' });

    expect(run.exitCode).toBe(0);
    expect(run.classified.outcome).toBe('success');
    expect(lastOfType(run.events, 'turn.completed')).toMatchObject({
      usage: { input_tokens: 2000, output_tokens: 100 },
    });
    expect(lastOfType(run.events, 'item.completed')).toMatchObject({
      item: { type: 'agent_message', text: 'Signal written.' },
    });
    expect(
      run.events.filter((event) => event.type === 'item.completed').map((event) => event.item),
    ).toContainEqual(
      expect.objectContaining({ type: 'command_execution', exit_code: 0, status: 'completed' }),
    );
    const contents = readFileSync(join(sandbox.workDir, '_signal.json'), 'utf8');
    expect(contents).toBe(signal);
    expect(toSignalEvent(contents)).toEqual({ type: 'signal.done', summary: 'all good' });
    // No websocket attempts: the provider config turns them off.
    expect(
      server.requests.every((request) => request.method === 'POST' && request.path === '/v1/responses'),
    ).toBe(true);
  });

  it('fails the turn with the usage-limit message and does not retry', SLOW, async () => {
    // codex prints the reset as a local wall-clock time ("try again at 7:42 PM", with the date
    // when it is not today, as after 22:00), so use a real, whole-minute time two hours ahead; the
    // classifier turns it back into epoch ms.
    const resetsAt = Math.floor(Date.now() / 60_000) * 60 + 2 * 3600;
    const { server, sandbox } = await setUp(() => errorReply('usage_limit', resetsAt));
    const run = await runRealCodex({ server, sandbox, prompt: 'Do anything.' });

    expect(run.exitCode).toBe(1);
    expect(run.classified).toMatchObject({ outcome: 'usage_limit', resetsAtMs: resetsAt * 1000 });
    const failed = lastOfType(run.events, 'turn.failed');
    expect(JSON.stringify(failed)).toMatch(/hit your usage limit/i);
    expect(server.requests).toHaveLength(1);
  });

  it('reads a reset on another day, which codex writes with its date', SLOW, async () => {
    // "try again at Dec 8th, 2026 12:08 AM": a reset 26 h ahead is never today.
    const resetsAt = Math.floor(Date.now() / 60_000) * 60 + 26 * 3600;
    const { server, sandbox } = await setUp(() => errorReply('usage_limit', resetsAt));
    const run = await runRealCodex({ server, sandbox, prompt: 'Do anything.' });

    expect(JSON.stringify(lastOfType(run.events, 'turn.failed'))).toMatch(/try again at [A-Z][a-z]{2} \d/);
    expect(run.classified).toMatchObject({ outcome: 'usage_limit', resetsAtMs: resetsAt * 1000 });
  });

  it('lets the orchestrator stop a 401 at the first reconnect notice', SLOW, async () => {
    const { server, sandbox } = await setUp(() => errorReply('auth'));
    const run = await runRealCodex({
      server,
      sandbox,
      prompt: 'Do anything.',
    });

    expect(run.stoppedEarly).toBe(true);
    expect(run.classified.outcome).toBe('auth');
    expect(lastOfType(run.events, 'turn.failed')).toBeUndefined();
    expect(lastOfType(run.events, 'error')).toMatchObject({
      message: expect.stringContaining('401 Unauthorized'),
    });
  });

  it('classifies a persistent 429 rate limit as rate_limited after its reconnects', SLOW, async () => {
    const { server, sandbox } = await setUp(() => errorReply('rate_limit'));
    const run = await runRealCodex({ server, sandbox, prompt: 'Do anything.' });

    expect(run.exitCode).toBe(1);
    expect(run.classified.outcome).toBe('rate_limited');
    expect(lastOfType(run.events, 'turn.failed')).toMatchObject({
      error: { message: expect.stringContaining('exceeded retry limit, last status: 429') },
    });
  });
});
