/**
 * End to end: a real `samocode run` with the fake claude blocks, and the loopback Bot API gets
 * exactly one escaped message; the bot token (from `.env`) reaches no log file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { type FakeTelegram, startFakeTelegram } from '../helpers/telegram-server.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

const root = resolve(import.meta.dirname, '../..');
const TOKEN = '7700112233:AAE_e2eFakeBotTokenAbcdefghijklmnopq';

let server: FakeTelegram | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempTrees();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('samocode run with Telegram configured', () => {
  it('[slow: ~3 s] notifies once when the session blocks, and never logs the token', {
    timeout: 180_000,
  }, async () => {
    server = await startFakeTelegram('ok');
    const project = makeProject({ '.env': `TELEGRAM_BOT_TOKEN=${TOKEN}\nTELEGRAM_CHAT_ID=4242\n` });
    const script = join(project.root, 'scenario.json');
    writeFileSync(
      script,
      JSON.stringify({
        steps: [
          {
            do: 'signal',
            content: { status: 'blocked', reason: 'which DB? <pg> & co', needs: 'clarification' },
          },
        ],
      }),
    );
    const result = await execa(
      'node',
      [SAMOCODE_BIN, 'run', '--config', project.configPath, '--session', 'tg'],
      {
        cwd: root,
        reject: false,
        timeout: 150_000,
        env: {
          SAMOCODE_PROVIDER: 'claude',
          CLAUDE_PATH: join(root, 'test/fixtures/bin/claude'),
          ANTHROPIC_API_KEY: 'sk-ant-e2e-fake-key-0123456789',
          IS_SANDBOX: '1',
          FAKE_PROVIDER_SCRIPT: script,
          SAMOCODE_LOG_DIR: join(project.root, 'logs'),
          TELEGRAM_API_BASE: server.apiBase,
        },
      },
    );
    expect(result.exitCode).toBe(11);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe(`/bot${TOKEN}/sendMessage`);
    const body = JSON.parse(server.requests[0]?.body ?? '');
    expect(body.chat_id).toBe('4242');
    expect(body.parse_mode).toBe('HTML');
    expect(body.text).toContain(
      ': blocked in init: the agent needs a clarification\nthe agent says: which DB? &lt;pg&gt; &amp; co\n',
    );
    expect(body.text).toContain('--session 26-');

    const logs = [...filesUnder(join(project.root, 'logs')), ...filesUnder(project.sessions)].map((file) =>
      readFileSync(file, 'utf8'),
    );
    expect(logs.length).toBeGreaterThan(2);
    for (const text of [...logs, result.stdout, result.stderr]) expect(text).not.toContain(TOKEN);
  });
});
