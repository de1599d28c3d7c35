/**
 * `run --wait` with two-way Telegram under load and faults, through the built bin with the fake
 * claude and the loopback fake Bot API: five sessions on one bot token share one poller and are
 * answered each on its own; a poll path that drops, answers 409 and 429 and delivers duplicates
 * out of order still applies one press once; a press and `samocode approve` at the same moment
 * record one decision and tell the loser who won.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeBotApi, pressUpdate, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import {
  alice,
  answersTo,
  approveDataOf,
  CHAT,
  type Cli,
  decisionRows,
  gateMessages,
  planMessagesOf,
  TO_DONE,
  TO_PLAN,
  TOKEN,
  telegramEnv,
} from '../helpers/telegram-gate-run.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

let fake: FakeBotApi | undefined;
afterEach(async () => {
  await stopSessionRuns();
  await fake?.close();
  fake = undefined;
  removeTempTrees();
});

const APPROVED = /^approved at \d\d:\d\d by @alice via telegram$/;

/** The one plan-approval message the bot sent for `h`. */
function planMessageOf(api: FakeBotApi, h: Cli) {
  const sent = planMessagesOf(api, h);
  expect(sent).toHaveLength(1);
  const [message] = sent;
  if (!message) throw new Error('no plan message');
  return message;
}

describe('run --wait with Telegram under load and faults [slow: ~30 s per test]', {
  timeout: 300_000,
}, () => {
  it('five sessions waiting on one bot token are answered independently by one poller', async () => {
    const api = await startFakeBotApi({ token: TOKEN });
    fake = api;
    // One machine: every run shares the Telegram state folder, and so the poller lock.
    const env = { ...telegramEnv(api), XDG_STATE_HOME: makeTempTree() };
    const names = ['five-a', 'five-b', 'five-c', 'five-d', 'five-e'];
    const sessions = await Promise.all(
      names.map((name) => makeSessionCli(name, [...TO_PLAN, ...TO_DONE], { env })),
    );
    const runs = sessions.map((h) => h.samocode('run', '--wait'));
    await gateMessages(api, 'Plan approval', 5);
    const messages = sessions.map((h) => planMessageOf(api, h));
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(5);
    expect(new Set(messages.map(approveDataOf)).size).toBe(5);

    const press = (index: number) => {
      const message = messages[index];
      if (!message) throw new Error(`no session #${index}`);
      api.queue(
        pressUpdate({
          chatId: CHAT,
          from: alice,
          messageId: message.messageId,
          data: approveDataOf(message),
          queryId: `q-${names[index]}`,
        }),
      );
    };
    // The middle one first: it goes on alone, the other four still wait undecided.
    press(2);
    expect((await runs[2])?.exitCode).toBe(0);
    sessions.forEach((h, index) => {
      expect(decisionRows(h)).toHaveLength(index === 2 ? 1 : 0);
    });
    // The other four in one batch: each press reaches its own session only.
    for (const index of [4, 0, 3, 1]) press(index);
    const ended = await Promise.all(runs);
    expect(ended.map((result) => result.exitCode)).toEqual([0, 0, 0, 0, 0]);
    sessions.forEach((h, index) => {
      const rows = decisionRows(h);
      expect(rows.map((row) => [row.event, row.decision?.channel, row.decision?.who])).toEqual([
        ['approve', 'telegram', '@alice'],
      ]);
      expect(rows[0]?.decision?.gateId).toBe(`${h.sessionDir().split('/').at(-1)}/g1-approval`);
      expect(h.invocations()).toHaveLength(7);
      expect(answersTo(api, `q-${names[index]}`)[0]).toMatch(APPROVED);
    });
    expect(api.maxOpenGetUpdates()).toBe(1);
    expect(api.requests.filter((request) => request.status === 409)).toEqual([]);
  });

  it('drops, 409 and 429 on the poll path, duplicates and shuffling: the press applies exactly once', async () => {
    const api = await startFakeBotApi({
      token: TOKEN,
      seed: 26,
      faults: {
        onlyGetUpdates: true,
        drop: 0.15,
        conflict: 0.15,
        rateLimit: 0.15,
        retryAfterSec: 1,
        duplicate: true,
        shuffle: true,
      },
    });
    fake = api;
    // Each fault at least once, whatever the seeded draws give: the first three polls fail.
    api.failNext('drop', 'conflict', 'rate-limit');
    const h = await makeSessionCli('faults', [...TO_PLAN, ...TO_DONE], { env: telegramEnv(api) });
    const run = h.samocode('run', '--wait');
    const [gate] = await gateMessages(api, 'Plan approval');
    if (!gate) throw new Error('no gate message');
    await api.waitFor(
      () => api.requests.some((request) => request.fault === 'rate-limit'),
      'the scripted faults served',
      120_000,
    );
    // A foreign press in the same batch, so the shuffle has something to reorder.
    api.queueBatch(
      pressUpdate({
        chatId: 999,
        from: { id: 6, username: 'mallory' },
        messageId: gate.messageId,
        data: approveDataOf(gate),
        queryId: 'q-foreign',
      }),
      pressUpdate({
        chatId: CHAT,
        from: alice,
        messageId: gate.messageId,
        data: approveDataOf(gate),
        queryId: 'q-alice',
      }),
    );
    const ended = await run;
    expect(ended.exitCode).toBe(0);
    expect(h.invocations()).toHaveLength(7);
    expect(decisionRows(h).map((row) => [row.event, row.decision?.channel, row.decision?.who])).toEqual([
      ['approve', 'telegram', '@alice'],
    ]);
    await api.waitFor(() => answersTo(api, 'q-alice').length >= 2, 'both deliveries answered', 120_000);
    const [first, ...later] = answersTo(api, 'q-alice');
    expect(first).toMatch(APPROVED);
    for (const text of later) expect(text).toMatch(/^already approved at \d\d:\d\d by @alice via telegram/);
    expect(api.messages.get(gate.messageId)?.text).toMatch(/Approved at \d\d:\d\d by @alice via telegram/);
    const faulted = api.requests.filter((request) => request.fault !== undefined);
    for (const kind of ['drop', 'conflict', 'rate-limit'] as const)
      expect(faulted.some((request) => request.fault === kind)).toBe(true);
    expect(faulted.every((request) => request.method === 'getUpdates')).toBe(true);
  });

  it('a press and `samocode approve` at the same moment: one decision, the other told who won', async () => {
    const api = await startFakeBotApi({ token: TOKEN });
    fake = api;
    const h = await makeSessionCli('race', [...TO_PLAN, ...TO_DONE], { env: telegramEnv(api) });
    const run = h.samocode('run', '--wait');
    const [gate] = await gateMessages(api, 'Plan approval');
    if (!gate) throw new Error('no gate message');
    const cli = h.samocode('approve');
    api.queue(
      pressUpdate({
        chatId: CHAT,
        from: alice,
        messageId: gate.messageId,
        data: approveDataOf(gate),
        queryId: 'q-race',
      }),
    );
    const [approved, ended] = await Promise.all([cli, run]);
    expect(ended.exitCode).toBe(0);
    expect(h.invocations()).toHaveLength(7);
    const rows = decisionRows(h);
    expect(rows.map((row) => row.event)).toEqual(['approve']);
    const winner = rows[0]?.decision?.channel;
    await api.waitFor(() => answersTo(api, 'q-race').length === 1, 'the press answered', 120_000);
    const pressSaid = answersTo(api, 'q-race')[0] ?? '';
    const cliSaid = `${approved.stdout}${approved.stderr}`;
    // The loser names the winner's decision: "already approved …" while the gate was still open,
    // "that gate is closed (approved …)" or "the last decision: approved …" once the run went on.
    const lost = (who: string, channel: string) =>
      new RegExp(
        `(already approved|that gate is closed \\(approved|the last decision: approved) at \\d\\d:\\d\\d by ${who} via ${channel}`,
      );
    if (winner === 'telegram') {
      expect(pressSaid).toMatch(APPROVED);
      expect(approved.exitCode).toBe(2);
      expect(cliSaid).toMatch(lost('@alice', 'telegram'));
    } else {
      expect(winner).toBe('cli');
      expect(approved.exitCode).toBe(0);
      expect(pressSaid).toMatch(lost('\\S+', 'cli'));
    }
  });
});
