import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDecision } from '../../src/gates/decision.js';
import { announceGate, settleGate } from '../../src/telegram/announce-gate.js';
import { createBotApiClient } from '../../src/telegram/bot-api-client.js';
import { buildGateKey, buildTelegramStatePaths } from '../../src/telegram/state-paths.js';
import { readRegistrations } from '../../src/telegram/waiting-registry.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
let fake: FakeBotApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  removeTempTrees();
});

describe('announcing a gate on Telegram', () => {
  it('sends the message with the gate buttons, registers it with the message id, and on a CLI decision edits it and withdraws', async () => {
    fake = await startFakeBotApi({ token: TOKEN });
    const root = makeTempTree();
    const dir = join(root, '26-01-01-x');
    mkdirSync(dir);
    const paths = buildTelegramStatePaths(join(root, 'state'), TOKEN);
    const client = createBotApiClient({ token: TOKEN, apiBase: fake.apiBase });
    const gateId = '26-01-01-x/g4-approval';
    const announced = await announceGate({
      client,
      chatId: '42',
      paths,
      sessionDir: dir,
      gateId,
      gateKind: 'approval',
      html: 'the plan',
    });
    expect(announced.sent).toEqual({ ok: true, value: { messageId: 100 } });
    const key = buildGateKey(dir, gateId);
    expect(fake.messages.get(100)?.buttons).toEqual([
      [
        { text: 'Approve', callback_data: `a:${key}` },
        { text: 'Reject', callback_data: `r:${key}` },
      ],
      [{ text: 'Stop', callback_data: `s:${key}` }],
    ]);
    expect(readRegistrations(paths).registrations).toEqual([announced.registration]);
    expect(announced.registration.messageId).toBe(100);

    const built = buildDecision({
      gateId,
      action: 'approve',
      channel: 'cli',
      who: 'alice',
      at: new Date('2026-01-01T09:30:00Z'),
    });
    if (!built.ok) throw new Error('decision');
    const edited = await settleGate({
      client,
      chatId: '42',
      paths,
      registration: announced.registration,
      ending: { decision: built.decision },
      time: { timeZone: 'UTC', now: new Date('2026-01-01T10:00:00Z') },
    });
    expect(edited).toEqual({ ok: true, value: true });
    expect(fake.messages.get(100)).toMatchObject({
      text: 'the plan\n\n<b>Approved at 09:30 by alice via cli</b>',
      buttons: [],
    });
    expect(readRegistrations(paths).registrations).toEqual([]);
  });

  it('stays registered without a message id when the send fails, so the gate can still be decided elsewhere', async () => {
    fake = await startFakeBotApi({ token: TOKEN, faults: { rateLimit: 1, retryAfterSec: 3600 } });
    const root = makeTempTree();
    const dir = join(root, '26-01-01-y');
    mkdirSync(dir);
    const paths = buildTelegramStatePaths(join(root, 'state'), TOKEN);
    const client = createBotApiClient({ token: TOKEN, apiBase: fake.apiBase });
    const announced = await announceGate({
      client,
      chatId: '42',
      paths,
      sessionDir: dir,
      gateId: '26-01-01-y/g1-answers',
      gateKind: 'answers',
      html: 'q',
    });
    expect(announced.sent).toMatchObject({ ok: false, failure: { kind: 'rate-limited' } });
    expect(readRegistrations(paths).registrations.map((entry) => entry.messageId)).toEqual([undefined]);
    expect(
      await settleGate({ client, chatId: '42', paths, registration: announced.registration }),
    ).toBeUndefined();
    expect(readRegistrations(paths).registrations).toEqual([]);
  });
});
