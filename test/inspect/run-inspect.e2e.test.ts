/**
 * End to end: a real `samocode run --inspect` with the fake claude; a WebSocket client reads the
 * printed URL's relay and receives the machine live; the process exits by itself at the end.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pollUntil } from '../helpers/processes.js';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

const root = resolve(import.meta.dirname, '../..');
const FAKE_CLAUDE = join(root, 'test/fixtures/bin/claude');
const API_KEY = 'sk-ant-e2e-fake-key-0123456789';

afterEach(() => removeTempTrees());

interface Message {
  readonly type: string;
  readonly snapshot?: { readonly value?: unknown };
  readonly event?: { readonly type: string };
}

describe('samocode run --inspect', () => {
  it('[slow: ~6 s] serves the live machine on 127.0.0.1 and exits when the session stops', {
    timeout: 180_000,
  }, async () => {
    const project = makeProject();
    const script = join(project.root, 'scenario.json');
    writeFileSync(
      script,
      JSON.stringify({
        calls: [
          // Long enough for the client below to connect; late viewers get the history anyway.
          [
            { do: 'sleep', ms: 1500 },
            { do: 'signal', content: { status: 'continue', phase: 'investigation' } },
          ],
          [
            {
              do: 'signal',
              content: { status: 'blocked', reason: `need a decision ${API_KEY}`, needs: 'human_decision' },
            },
          ],
        ],
      }),
    );
    const child = execa(
      'node',
      [SAMOCODE_BIN, 'run', '--config', project.configPath, '--session', 'e2e', '--inspect'],
      {
        cwd: root,
        reject: false,
        timeout: 150_000,
        env: {
          SAMOCODE_PROVIDER: 'claude',
          CLAUDE_PATH: FAKE_CLAUDE,
          ANTHROPIC_API_KEY: API_KEY,
          IS_SANDBOX: '1',
          FAKE_PROVIDER_SCRIPT: script,
          SAMOCODE_LOG_DIR: join(project.root, 'logs'),
          TELEGRAM_BOT_TOKEN: '',
          TELEGRAM_CHAT_ID: '',
        },
      },
    );
    const url = await new Promise<string>((resolveUrl, reject) => {
      let seen = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        const match = /inspector: open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
        if (match?.[1]) resolveUrl(match[1]);
      });
      child.then(() => reject(new Error(`the run ended before printing the inspector URL:\n${seen}`)));
    });
    const raw: string[] = [];
    const socket = new WebSocket(url.replace('http://', 'ws://').replace(/\/$/, ''));
    socket.on('message', (data) => raw.push(String(data)));
    const closed = new Promise<void>((resolveClose) => socket.on('close', () => resolveClose()));
    socket.on('error', () => undefined);

    const result = await child;
    await closed;
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(11);

    const messages = raw.map((line) => JSON.parse(line) as Message);
    const types = new Set(messages.map((m) => m.type));
    expect([...types].sort()).toEqual(['@xstate.actor', '@xstate.event', '@xstate.snapshot']);
    const events = messages.filter((m) => m.type === '@xstate.event').map((m) => m.event?.type);
    expect(events).toContain('signal.continue');
    expect(events).toContain('signal.blocked');
    const values = messages
      .filter((m) => m.type === '@xstate.snapshot')
      .map((m) => JSON.stringify(m.snapshot?.value));
    expect(values).toContain('{"investigation":"blocked"}');
    expect(raw.join('\n')).not.toContain(API_KEY);
    expect(raw.join('\n')).not.toContain(project.root);
  });

  it('--inspect=stately says at once, while the first iteration runs, that the Stately page cannot be reached, and serves the local page named for the session', {
    timeout: 180_000,
  }, async () => {
    const project = makeProject();
    const script = join(project.root, 'scenario.json');
    const release = join(project.root, 'release');
    writeFileSync(
      script,
      JSON.stringify({
        calls: [
          [
            { do: 'waitFile', path: release },
            { do: 'signal', content: { status: 'blocked', reason: 'stop here', needs: 'human_decision' } },
          ],
        ],
      }),
    );
    // A port nobody listens on: like a machine without internet, the probe fails at once.
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const { port: deadPort } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const child = execa(
      'node',
      [SAMOCODE_BIN, 'run', '--config', project.configPath, '--session', 'stately', '--inspect=stately'],
      {
        cwd: root,
        reject: false,
        timeout: 150_000,
        env: {
          SAMOCODE_PROVIDER: 'claude',
          CLAUDE_PATH: FAKE_CLAUDE,
          ANTHROPIC_API_KEY: API_KEY,
          IS_SANDBOX: '1',
          FAKE_PROVIDER_SCRIPT: script,
          SAMOCODE_LOG_DIR: join(project.root, 'logs'),
          SAMOCODE_STATELY_PROBE_URL: `http://127.0.0.1:${deadPort}/inspect`,
          TELEGRAM_BOT_TOKEN: '',
          TELEGRAM_CHAT_ID: '',
        },
      },
    );
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
    });
    const warning = await pollUntil(
      () => /warn (inspector: .* cannot be reached from this machine .*)$/m.exec(seen)?.[1],
      'the unreachable warning',
      60_000,
    );
    // The fake still waits for the release: the warning came while the first iteration runs.
    expect(seen).not.toContain('ended:');
    const local =
      /the local page, which needs none, is at (http:\/\/127\.0\.0\.1:\d+\/local)/.exec(seen)?.[1] ?? '';
    expect(warning).toBe(
      `inspector: http://127.0.0.1:${deadPort}/inspect cannot be reached from this machine (the connection was refused (ECONNREFUSED)), so the Stately page will stay empty unless your browser can reach it; the local page needs no internet: open ${local}`,
    );
    const page = await fetch(local);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>samocode inspector — \d\d-\d\d-\d\d-stately<\/title>/);
    writeFileSync(release, '');
    const result = await child;
    expect(result.exitCode).toBe(11);
  });
});
