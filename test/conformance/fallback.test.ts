/**
 * [slow] Provider fallback with the REAL CLIs: `samocode run` drives the real claude and codex
 * (pinned, or SAMOCODE_CONFORMANCE_CLAUDE / _CODEX) against the loopback model server. claude's
 * subscription is usage-limited for two hours; the iteration goes on on codex, which writes the
 * signal. The return to claude after the reset is covered with the fakes (test/cli/fallback.e2e).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  codexProviderConfig,
  errorReply,
  type ModelScript,
  type ModelServer,
  startModelServer,
  textReply,
  toolReply,
} from '../../src/demo/model-server/index.js';
import { EXIT } from '../../src/exit-codes.js';
import { readHistory } from '../../src/session/history.js';
import { makeFaultProject, type RunningSamocode, runArgs, startSamocode } from '../faults/harness.js';
import { CLAUDE_BIN, CODEX_BIN } from '../helpers/model-server.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const servers: ModelServer[] = [];
const running: RunningSamocode[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    run.child.kill('SIGKILL');
    await run.done;
  }
  for (const server of servers.splice(0)) await server.close();
  removeTempTrees();
});

/** claude's API answers with a usage limit; codex's writes the signal the prompt names. */
function limitedClaude(resetsAt: number): ModelScript {
  return (conversation) => {
    if (conversation.api === 'anthropic') return errorReply('usage_limit', resetsAt);
    const signalPath = /^- Signal file: (.+)$/m.exec(conversation.prompt)?.[1]?.trim();
    if (signalPath === undefined) return textReply('No signal path in the prompt.');
    return conversation.toolResults.length === 0
      ? toolReply([
          {
            tool: 'write',
            path: signalPath,
            content: '{"status":"continue","phase":"investigation","summary":"codex took over"}',
          },
        ])
      : textReply('Signal written.');
  };
}

describe('[slow] provider fallback with the real claude and codex', () => {
  it('continues on codex when claude hits a subscription usage limit two hours long', {
    timeout: 300_000,
  }, async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    const server = await startModelServer({ script: limitedClaude(resetsAt) });
    servers.push(server);
    const project = makeFaultProject();
    const home = join(project.root, 'home');
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, 'config.toml'), codexProviderConfig(server.baseUrl));
    const run = startSamocode(project, runArgs(project, 'fallback', ['--once']), {
      env: {
        HOME: home,
        SAMOCODE_PROVIDER: 'claude',
        SAMOCODE_FALLBACK_PROVIDER: 'codex',
        CLAUDE_PATH: CLAUDE_BIN,
        CLAUDE_MODEL: 'claude-scripted',
        CLAUDE_CONFIG_DIR: join(home, '.claude'),
        ANTHROPIC_BASE_URL: server.baseUrl,
        // A subscription login: the 429 is a usage limit with a reset time, not a per-minute rate limit.
        ANTHROPIC_API_KEY: '',
        CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_TIMEOUT: '120',
        CODEX_PATH: CODEX_BIN,
        CODEX_HOME: codexHome,
        CODEX_API_KEY: 'sk-test',
        CODEX_TIMEOUT: '120',
      },
    });
    running.push(run);
    const end = await run.done;
    const output = end.stdout + end.stderr;
    expect(end.code, output).toBe(EXIT.complete);
    expect(output).toMatch(/primary claude is limited until .+; using codex/);

    const [folder] = readdirSync(project.sessions);
    const rows = readHistory(join(project.sessions, folder ?? '', '_signal_history.jsonl')).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      sourcePhase: 'init',
      event: 'signal.continue',
      target: 'investigation',
      accepted: true,
      state: 'investigation.paused',
      provider: 'codex',
      fallback: true,
      attemptProviders: ['claude', 'codex'],
    });
    // claude got nothing but the usage limit; codex did the iteration's work.
    const asked = server.requests.filter((request) => request.conversation !== undefined);
    const byClaude = asked.filter((request) => request.conversation?.api === 'anthropic');
    // (claude's side queries, such as the session title, get text; its one work request got the limit.)
    expect(byClaude.filter((request) => request.reply?.kind === 'error')).toHaveLength(1);
    expect(byClaude.filter((request) => request.reply?.kind === 'tools')).toEqual([]);
    expect(asked.filter((request) => request.conversation?.api === 'openai').length).toBeGreaterThanOrEqual(
      2,
    );
  });
});
