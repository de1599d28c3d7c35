/**
 * [slow] Conformance through samocode's own provider actor: the REAL claude and codex binaries,
 * spawned in their process group with samocode's argv, env, prompt and log streaming, against
 * the scripted model server. The actor must send exactly the machine event each case calls for.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assign, createActor, setup, waitFor } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import {
  codexProviderConfig,
  errorReply,
  type ModelScript,
  textReply,
  toolReply,
} from '../../src/demo/model-server/index.js';
import { createProviderActor } from '../../src/providers/actor.js';
import type { AttemptReport, ProviderName, SessionPlace } from '../../src/providers/types.js';
import { CLAUDE_BIN, CODEX_BIN, useServerAndSandbox } from '../helpers/model-server.js';

const SLOW = { timeout: 60_000 };
const setUp = useServerAndSandbox('real-clock');

interface ActorRun {
  readonly event: WorkflowEvent;
  readonly report: AttemptReport | undefined;
  readonly sessionDir: string;
}

/** Runs one attempt of `phase` through the provider actor and returns the one event it sent. */
async function runAttempt(
  provider: ProviderName,
  script: ModelScript,
  env: Record<string, string> = {},
): Promise<ActorRun> {
  const { server, sandbox } = await setUp(script);
  const sessionDir = join(sandbox.root, 'session');
  mkdirSync(sessionDir);
  const codexHome = join(sandbox.home, '.codex');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), codexProviderConfig(server.baseUrl));
  const place: SessionPlace = {
    sessionName: 'conf',
    sessionDir,
    workDir: sandbox.workDir,
    mainRepo: sandbox.workDir,
    worktreePath: sandbox.workDir,
    branch: 'main',
  };
  const baseEnv = { HOME: sandbox.home, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const providerEnv =
    provider === 'claude'
      ? {
          CLAUDE_CONFIG_DIR: join(sandbox.home, '.claude'),
          ANTHROPIC_BASE_URL: server.baseUrl,
          ANTHROPIC_API_KEY: 'sk-ant-test',
          IS_SANDBOX: '1',
        }
      : { CODEX_HOME: codexHome, CODEX_API_KEY: 'sk-test' };
  let report: AttemptReport | undefined;
  const logic = createProviderActor({
    settings: {
      name: provider,
      cliPath: provider === 'claude' ? CLAUDE_BIN : CODEX_BIN,
      model: provider === 'claude' ? 'claude-scripted' : '',
      maxTurns: 5,
      timeoutMs: 50_000,
      killGraceMs: 1_000,
      env: { ...baseEnv, ...providerEnv, ...env },
    },
    place,
    observer: { onAttemptEnd: (attempt) => (report = attempt) },
  });
  const parent = setup({
    types: { context: {} as { events: WorkflowEvent[] }, events: {} as WorkflowEvent },
    actors: { provider: logic },
  }).createMachine({
    context: { events: [] },
    invoke: {
      src: 'provider',
      input: {
        phase: 'investigation',
        iteration: 2,
        attempt: 1,
        reminder: false,
        provider: 'primary',
        model: 'phase',
      },
    },
    on: { '*': { actions: assign({ events: ({ context, event }) => [...context.events, event] }) } },
  });
  const actor = createActor(parent).start();
  const snapshot = await waitFor(actor, (state) => state.context.events.length > 0, { timeout: 55_000 });
  actor.stop();
  const [event] = snapshot.context.events;
  if (event === undefined) throw new Error('no event');
  return { event, report, sessionDir };
}

const writeSignal: ModelScript = (conversation) => {
  const folder = /Session folder: (\S+)/.exec(conversation.prompt)?.[1] ?? '.';
  return conversation.toolResults.length === 0
    ? toolReply([
        {
          tool: 'write',
          path: join(folder, '_signal.json'),
          content: '{"status":"continue","phase":"requirements"}',
        },
      ])
    : textReply('Done.');
};

describe('[slow] the provider actor with the real CLIs', () => {
  it.each(['claude', 'codex'] as const)(
    '%s: a written signal becomes the signal event',
    SLOW,
    async (provider) => {
      const run = await runAttempt(provider, writeSignal);
      expect(run.event).toEqual({
        type: 'signal.continue',
        target: 'requirements',
        at: expect.any(Number),
        usage: expect.objectContaining({ costUsd: expect.any(Number) }),
      });
      expect(run.report?.outcome).toBe('success');
      // The stream log always; the stderr log only once the CLI writes there, so never empty
      // (codex 0.169 reports on stderr, claude 2.1.197 writes nothing there, 2.1.332 does).
      const logs = join(run.sessionDir, '_logs');
      const files = readdirSync(logs).sort();
      expect(files[0]).toBe('002-investigation-a1.jsonl');
      expect(files.slice(1)).toEqual(files.length > 1 ? ['002-investigation-a1.stderr.log'] : []);
      for (const file of files.slice(1)) expect(statSync(join(logs, file)).size).toBeGreaterThan(0);
    },
  );

  it('claude: a subscription usage limit suspends until the server reset time', SLOW, async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 3600;
    const run = await runAttempt('claude', () => errorReply('usage_limit', resetsAt), {
      ANTHROPIC_API_KEY: '',
      CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test',
    });
    expect(run.event).toMatchObject({
      type: 'agent.limited',
      resetsAt: new Date(resetsAt * 1000).toISOString(),
    });
  });

  it.each(['claude', 'codex'] as const)(
    '%s: a 401 is fatal and stopped at the first retry',
    SLOW,
    async (provider) => {
      const run = await runAttempt(provider, () => errorReply('auth'));
      expect(run.event).toMatchObject({ type: 'agent.failed', kind: 'fatal', outcome: 'auth' });
    },
  );

  it('claude: running out of turns is reported as max_turns', SLOW, async () => {
    const run = await runAttempt('claude', (conversation) =>
      toolReply([{ tool: 'shell', command: `echo turn${conversation.toolResults.length}` }]),
    );
    expect(run.event).toMatchObject({ type: 'agent.failed', outcome: 'max_turns' });
  });
});
