import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateKey } from '../../src/telegram/state-paths.js';
import { type FakeBotApi, messageUpdate, pressUpdate, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { waitForDeath } from '../helpers/processes.js';
import {
  readAllFiles,
  startWaiter,
  type WaiterProcess,
  type WaiterSession,
} from '../helpers/telegram-processes.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
const CHAT = 42;
let fake: FakeBotApi | undefined;
const started: WaiterProcess[] = [];

afterEach(async () => {
  for (const waiter of started.splice(0)) {
    if (waiter.child.pid !== undefined && waiter.child.exitCode === null) waiter.child.kill('SIGKILL');
    await waiter.child.catch(() => undefined);
  }
  await fake?.close();
  fake = undefined;
  removeTempTrees();
});

function world() {
  const root = makeTempTree();
  const sessions = (names: readonly string[], kind: WaiterSession['kind'] = 'approval'): WaiterSession[] =>
    names.map((name) => {
      const dir = join(root, 'sessions', `26-01-01-${name}`);
      mkdirSync(dir, { recursive: true });
      return { dir, gateId: `26-01-01-${name}/g1-${kind}`, kind };
    });
  return { root, sessions };
}

function envFor(root: string, api: FakeBotApi): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: root,
    XDG_STATE_HOME: join(root, 'state'),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_CHAT_ID: String(CHAT),
    TELEGRAM_API_URL: api.apiBase,
  };
}

function launch(env: Record<string, string>, sessions: readonly WaiterSession[]): WaiterProcess {
  const waiter = startWaiter(env, sessions, { longPollSec: 2, idleCheckMs: 200 });
  started.push(waiter);
  return waiter;
}

async function messageIdOf(waiter: WaiterProcess, gateId: string): Promise<number> {
  const line = await waiter.waitForLine(
    (entry) => entry.event === 'announced' && entry.gateId === gateId,
    `${gateId} announced`,
  );
  if (typeof line.messageId !== 'number') throw new Error(`${gateId} was announced without a message`);
  return line.messageId;
}

function decisionOf(session: WaiterSession): { who: string; action: string; channel: string } {
  return JSON.parse(
    readFileSync(join(session.dir, '_gates', `${session.gateId.split('/')[1]}.json`), 'utf8'),
  );
}

describe('one poller per bot token per machine', () => {
  it('answers five sessions in three processes independently through a single poller, handed over as processes end', async () => {
    const api = await startFakeBotApi({ token: TOKEN, seed: 5 });
    fake = api;
    const { root, sessions } = world();
    const env = envFor(root, api);
    const [s1, s2, s3, s4, s5] = sessions(['one', 'two', 'three', 'four', 'five']);
    if (!s1 || !s2 || !s3 || !s4 || !s5) throw new Error('five sessions');
    const p1 = launch(env, [s1, s2]);
    await p1.waitForLine((line) => line.kind === 'lock-taken', 'the first process to poll');
    const p2 = launch(env, [s3, s4]);
    const p3 = launch(env, [s5]);
    const ids = new Map<WaiterSession, number>();
    for (const [waiter, session] of [
      [p1, s1],
      [p1, s2],
      [p2, s3],
      [p2, s4],
      [p3, s5],
    ] as const)
      ids.set(session, await messageIdOf(waiter, session.gateId));
    const press = (session: WaiterSession, username: string, id: number) =>
      api.queue(
        pressUpdate({
          chatId: CHAT,
          from: { id, username },
          messageId: ids.get(session) ?? 0,
          data: `a:${buildGateKey(session.dir, session.gateId)}`,
          queryId: `q-${username}`,
        }),
      );

    // The sessions of the other processes are answered by the first one's poller.
    press(s3, 'carol', 3);
    press(s5, 'erin', 5);
    api.queue(
      messageUpdate({ chatId: CHAT, from: { id: 1, username: 'alice' }, text: '/status', messageId: 77 }),
    );
    await p3.waitForLine((line) => line.event === 'done', 'the third process to end');
    await api.waitFor(
      () => [...api.messages.values()].some((message) => message.replyTo === 77),
      'the /status reply',
    );
    press(s1, 'alice', 1);
    press(s2, 'bob', 2);
    expect((await p1.child).exitCode).toBe(0);
    // The first process ended: the second takes the lock over and serves its last session.
    await p2.waitForLine((line) => line.kind === 'lock-taken', 'the second process to take over');
    press(s4, 'dave', 4);
    expect((await p2.child).exitCode).toBe(0);

    expect([s1, s2, s3, s4, s5].map((session) => decisionOf(session).who)).toEqual([
      '@alice',
      '@bob',
      '@carol',
      '@dave',
      '@erin',
    ]);
    expect(p3.lines.some((line) => line.kind === 'lock-taken')).toBe(false);
    expect(api.maxOpenGetUpdates()).toBe(1);
    expect(api.requests.filter((request) => request.fault === 'terminated')).toEqual([]);
    const status = [...api.messages.values()].find((message) => message.replyTo === 77);
    expect(status?.text).toContain('26-01-01-four/g1-approval');
    for (const session of [s1, s2, s3, s4, s5]) {
      const message = api.messages.get(ids.get(session) ?? 0);
      expect(message?.text).toMatch(/Approved at \d\d:\d\d by @\w+ via telegram/);
      expect(message?.buttons).toEqual([]);
    }
    const written = [
      ...readAllFiles(root),
      ...[p1, p2, p3].flatMap((waiter) => [
        ...waiter.lines.map((line) => JSON.stringify(line)),
        ...waiter.stderr,
      ]),
    ];
    expect(written.filter((entry) => JSON.stringify(entry).includes(TOKEN.split(':')[1] ?? TOKEN))).toEqual(
      [],
    );
  });

  it('a poller killed mid-wait is taken over, and its successor does not replay the updates it handled', async () => {
    const api = await startFakeBotApi({ token: TOKEN, seed: 9, faults: { keepConfirmed: true } });
    fake = api;
    const { root, sessions } = world();
    const env = envFor(root, api);
    const [first, second] = sessions(['first', 'second'], 'answers');
    if (!first || !second) throw new Error('two sessions');
    const p1 = launch(env, [first, second]);
    await p1.waitForLine((line) => line.kind === 'lock-taken', 'the poller');
    const firstMessage = await messageIdOf(p1, first.gateId);
    await messageIdOf(p1, second.gateId);
    const old = api.queue(
      messageUpdate({
        chatId: CHAT,
        from: { id: 1, username: 'alice' },
        text: 'use Postgres',
        replyTo: firstMessage,
        messageId: 500,
      }),
    );
    await p1.waitForLine(
      (line) => line.event === 'decided' && line.gateId === first.gateId,
      'the first answer',
    );
    // The offset is saved after the batch; wait for the next long poll, which is sent after it.
    await api.waitFor(
      () =>
        api.requests.some(
          (request) => request.method === 'getUpdates' && request.body.offset === old.update_id + 1,
        ),
      'the next poll',
    );
    p1.child.kill('SIGKILL');
    expect(await waitForDeath([p1.child.pid ?? 0])).toEqual([]);

    const p2 = launch(env, [second]);
    const taken = await p2.waitForLine((line) => line.kind === 'lock-taken', 'the takeover');
    const takenAt = Number(taken.at);
    expect(taken.text).toBe(`telegram: polling for this machine (took over from pid ${p1.child.pid})`);
    const secondMessage = await messageIdOf(p2, second.gateId);
    api.queue(
      messageUpdate({
        chatId: CHAT,
        from: { id: 2, username: 'bob' },
        text: 'ship it',
        replyTo: secondMessage,
        messageId: 501,
      }),
    );
    expect((await p2.child).exitCode).toBe(0);

    expect(decisionOf(first)).toMatchObject({ who: '@alice', action: 'answer' });
    expect(decisionOf(second)).toMatchObject({ who: '@bob', action: 'answer' });
    // The successor's first poll starts past alice's update, which the fake still holds.
    const successorPolls = api.requests.filter(
      (request) => request.method === 'getUpdates' && request.startedAt >= takenAt,
    );
    expect(successorPolls[0]?.body.offset).toBe(old.update_id + 1);
    // Alice's reply was answered once, by the first poller; a replay would answer "that gate is closed".
    expect(
      [...api.messages.values()].filter((message) => message.replyTo === 500).map((message) => message.text),
    ).toEqual([expect.stringMatching(/^answered at \d\d:\d\d by @alice via telegram$/)]);
  });
});
