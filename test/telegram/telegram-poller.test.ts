import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDecision } from '../../src/gates/decision-record.js';
import type { GateKind } from '../../src/gates/gate-id.js';
import { waitForGate } from '../../src/gates/gate-watcher.js';
import { readStopRequest } from '../../src/gates/stop-request.js';
import { announceGate, settleGate } from '../../src/telegram/announce-gate.js';
import { createBotApiClient } from '../../src/telegram/bot-api-client.js';
import { buildGateMessage } from '../../src/telegram/gate-message.js';
import { buildGateKey, buildTelegramStatePaths } from '../../src/telegram/state-paths.js';
import {
  type PollerEvent,
  renderPollerEvent,
  startTelegramPoller,
  type TelegramPoller,
} from '../../src/telegram/telegram-poller.js';
import type { TelegramSettings } from '../../src/telegram/telegram-settings.js';
import {
  type FakeBotApi,
  type FakeFaults,
  messageUpdate,
  pressUpdate,
  startFakeBotApi,
} from '../helpers/fake-bot-api.js';
import { readAllFiles } from '../helpers/telegram-processes.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
const CHAT = 42;
const alice = { id: 1, username: 'alice' };
const bob = { id: 2, username: 'bob' };
let fake: FakeBotApi | undefined;
let poller: TelegramPoller | undefined;

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  await fake?.close();
  fake = undefined;
  removeTempTrees();
});

async function setup(options: { seed?: number; faults?: FakeFaults; allowedUsers?: string[] } = {}) {
  const api = await startFakeBotApi({
    token: TOKEN,
    seed: options.seed ?? 1,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  fake = api;
  const root = makeTempTree();
  const settings: TelegramSettings = {
    token: TOKEN,
    chatId: String(CHAT),
    apiBase: api.apiBase,
    allowedUsers: options.allowedUsers ?? [],
  };
  const paths = buildTelegramStatePaths(join(root, 'state'), TOKEN);
  const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase, retryBaseMs: 10 });
  const events: PollerEvent[] = [];
  const gate = async (name: string, kind: GateKind) => {
    const dir = join(root, 'sessions', `26-01-01-${name}`);
    mkdirSync(dir, { recursive: true });
    const gateId = `26-01-01-${name}/g1-${kind}`;
    const html = buildGateMessage({
      sessionName: `26-01-01-${name}`,
      gateKind: kind,
      summary: `about ${name}`,
    });
    const announced = await announceGate({
      client,
      chatId: settings.chatId,
      paths,
      sessionDir: dir,
      gateId,
      gateKind: kind,
      html,
    });
    if (!announced.sent.ok) throw new Error('the gate message was not sent');
    return {
      dir,
      gateId,
      key: buildGateKey(dir, gateId),
      messageId: announced.sent.value.messageId,
      registration: announced.registration,
    };
  };
  const startPoller = () => {
    poller = startTelegramPoller({
      settings,
      paths,
      longPollSec: 1,
      idleCheckMs: 100,
      backoff: { baseMs: 20, maxMs: 400 },
      client: { retryBaseMs: 10 },
      time: { timeZone: 'UTC' },
      onEvent: (event) => events.push(event),
    });
    return poller;
  };
  return { api, root, settings, paths, client, events, gate, startPoller };
}

const answersTo = (api: FakeBotApi, queryId: string) =>
  api.callbackAnswers.filter((answer) => answer.callbackQueryId === queryId).map((answer) => answer.text);

describe('the poller routes updates to waiting gates', () => {
  it('lets duplicate, out-of-order, foreign and unlisted presses change nothing beyond the first valid decision', async () => {
    const world = await setup({
      seed: 3,
      faults: { duplicate: true, shuffle: true },
      allowedUsers: ['@alice', '@bob'],
    });
    const { api } = world;
    const plan = await world.gate('plan', 'approval');
    const press = (
      updateId: number,
      chatId: number,
      from: { id: number; username: string },
      letter: string,
      queryId: string,
    ) =>
      api.queue({
        update_id: updateId,
        ...pressUpdate({ chatId, from, messageId: plan.messageId, data: `${letter}:${plan.key}`, queryId }),
      });
    press(10, 999, { id: 6, username: 'mallory' }, 'a', 'q-foreign');
    press(12, CHAT, alice, 'a', 'q-alice');
    press(11, CHAT, bob, 'r', 'q-bob');
    press(13, CHAT, { id: 5, username: 'eve' }, 'a', 'q-eve');
    world.startPoller();
    const outcome = await waitForGate({ sessionDir: plan.dir, gateId: plan.gateId });
    if (outcome.kind !== 'decided') throw new Error(`expected a decision, got ${outcome.kind}`);
    const winner = outcome.decision;
    await api.waitFor(() => api.callbackAnswers.length === 8, 'every delivery answered');

    expect([
      ['@alice', 'approve'],
      ['@bob', 'reject'],
    ]).toContainEqual([winner.who, winner.action]);
    expect(readDecision(plan.dir, plan.gateId)).toEqual({ kind: 'decided', decision: winner });
    expect(readFileSync(join(plan.dir, '_gates', 'g1-approval.json'), 'utf8')).toBe(
      `${JSON.stringify(winner)}\n`,
    );
    expect(answersTo(api, 'q-foreign')).toEqual(['not allowed', 'not allowed']);
    expect(answersTo(api, 'q-eve')).toEqual(['not allowed', 'not allowed']);
    const decided = `${winner.action === 'approve' ? 'approved' : 'rejected'} at ${winner.at.slice(11, 16)} by ${winner.who} via telegram`;
    const winnerQuery = winner.who === '@alice' ? 'q-alice' : 'q-bob';
    const loserQuery = winner.who === '@alice' ? 'q-bob' : 'q-alice';
    expect(answersTo(api, winnerQuery)).toEqual([decided, `already ${decided}`]);
    expect(answersTo(api, loserQuery)).toEqual([`already ${decided}`, `already ${decided}`]);
    expect(
      api.messages
        .get(plan.messageId)
        ?.text.endsWith(`<b>${decided.charAt(0).toUpperCase()}${decided.slice(1)}</b>`),
    ).toBe(true);
    await api.waitFor(
      () =>
        existsSync(world.paths.state) && JSON.parse(readFileSync(world.paths.state, 'utf8')).offset === 14,
      'the saved offset',
    );
  });

  it('waits out dropped connections, 409s and 429s (seeded) and still decides every gate once', async () => {
    const world = await setup({ seed: 20260301 });
    const { api } = world;
    const gates = [
      await world.gate('a', 'answers'),
      await world.gate('b', 'grant'),
      await world.gate('c', 'action'),
    ];
    // A fixed opening (two 409s in a row, a 429, a drop), then random faults from the seed.
    api.failNext('conflict', 'conflict', 'rate-limit', 'drop');
    api.faults = { drop: 0.15, conflict: 0.2, rateLimit: 0.1, retryAfterSec: 1 };
    world.startPoller();
    const [a, b, c] = gates;
    if (!a || !b || !c) throw new Error('three gates');
    api.queue(
      messageUpdate({ chatId: CHAT, from: alice, text: 'Postgres, and keep the API', replyTo: a.messageId }),
    );
    api.queue(
      messageUpdate({ chatId: CHAT, from: bob, text: 'a lot more', replyTo: b.messageId, messageId: 900 }),
    );
    api.queue(messageUpdate({ chatId: CHAT, from: bob, text: 'cost=5,hours=1', replyTo: b.messageId }));
    api.queue(pressUpdate({ chatId: CHAT, from: alice, messageId: c.messageId, data: `a:${c.key}` }));
    const outcomes = await Promise.all(
      gates.map((gate) => waitForGate({ sessionDir: gate.dir, gateId: gate.gateId })),
    );
    expect(
      outcomes.map((outcome) =>
        outcome.kind === 'decided'
          ? [outcome.decision.action, outcome.decision.who, outcome.decision.payload]
          : outcome.kind,
      ),
    ).toEqual([
      ['answer', '@alice', { answers: 'Postgres, and keep the API' }],
      ['grant', '@bob', { grant: 'cost=5,hours=1' }],
      ['approve', '@alice', undefined],
    ]);
    await api.waitFor(
      () => [...api.messages.values()].some((message) => message.replyTo === 900),
      'the hint for a grant it cannot read',
    );
    const faults = new Set(api.requests.map((request) => request.fault).filter(Boolean));
    expect([...faults].sort()).toEqual(['conflict', 'drop', 'rate-limit']);
    expect(world.events.filter((event) => event.kind === 'failure').length).toBeGreaterThan(0);
    expect(api.maxOpenGetUpdates()).toBe(1);
    await poller?.stop();
    const written = [
      ...readAllFiles(world.root).map((file) => file.text),
      ...world.events.map(renderPollerEvent),
    ].join('\n');
    expect(written).not.toContain(TOKEN.split(':')[1]);
  });

  it('turns Stop into a stop request and says so on the message', async () => {
    const world = await setup();
    const { api } = world;
    const questions = await world.gate('q', 'answers');
    world.startPoller();
    api.queue(
      pressUpdate({
        chatId: CHAT,
        from: alice,
        messageId: questions.messageId,
        data: `s:${questions.key}`,
        queryId: 'q-stop',
      }),
    );
    const outcome = await waitForGate({ sessionDir: questions.dir, gateId: questions.gateId });
    expect(outcome).toMatchObject({ kind: 'stop', request: { channel: 'telegram', who: '@alice' } });
    expect(readStopRequest(questions.dir).kind).toBe('requested');
    await api.waitFor(() => api.callbackAnswers.length === 1, 'the answer');
    expect(answersTo(api, 'q-stop')).toEqual([
      expect.stringMatching(/^stop requested at \d\d:\d\d by @alice via telegram$/),
    ]);
    await api.waitFor(() => api.messages.get(questions.messageId)?.edits === 1, 'the edit');
    expect(api.messages.get(questions.messageId)?.buttons).toEqual([]);
    expect(api.messages.get(questions.messageId)?.text).toMatch(
      /<b>Stop requested at \d\d:\d\d by @alice via telegram<\/b>$/,
    );
  });

  it('lets the lock go when nobody waits any more, and says "that gate is closed" to a late press', async () => {
    const world = await setup();
    const { api } = world;
    const plan = await world.gate('late', 'approval');
    world.startPoller();
    await api.waitFor(() => world.events.some((event) => event.kind === 'lock-taken'), 'the lock');
    expect(existsSync(world.paths.lock)).toBe(true);
    api.queue(pressUpdate({ chatId: CHAT, from: alice, messageId: plan.messageId, data: `a:${plan.key}` }));
    const outcome = await waitForGate({ sessionDir: plan.dir, gateId: plan.gateId });
    if (outcome.kind !== 'decided') throw new Error('expected a decision');
    await settleGate({
      client: world.client,
      chatId: world.settings.chatId,
      paths: world.paths,
      registration: plan.registration,
      ending: { decision: outcome.decision },
    });
    await api.waitFor(
      () => world.events.some((event) => event.kind === 'lock-released'),
      'the lock to be let go',
    );
    expect(existsSync(world.paths.lock)).toBe(false);

    // Another session waits: the poller takes the lock again and answers the old button from its gate map.
    await world.gate('next', 'answers');
    api.queue(
      pressUpdate({
        chatId: CHAT,
        from: bob,
        messageId: plan.messageId,
        data: `a:${plan.key}`,
        queryId: 'q-late',
      }),
    );
    await api.waitFor(() => answersTo(api, 'q-late').length === 1, 'the late press answered');
    expect(answersTo(api, 'q-late')).toEqual([
      `that gate is closed (approved at ${outcome.decision.at.slice(11, 16)} by @alice via telegram)`,
    ]);
    expect(readDecision(plan.dir, plan.gateId)).toEqual({ kind: 'decided', decision: outcome.decision });
  });
});
