/**
 * `run --wait` with two-way Telegram, through the built bin with the fake claude and the loopback
 * fake Bot API: the waiting run announces its gate, the machine's poller turns a press or a reply
 * into the gate's decision, and the run goes on with no second command. Duplicates, a foreign
 * chat and an old gate's button change nothing; the token reaches no file and no output.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeBotApi,
  messageUpdate,
  pressUpdate,
  type SentMessage,
  startFakeBotApi,
} from '../helpers/fake-bot-api.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import {
  alice,
  answersTo,
  CHAT,
  type Cli,
  callbackDataOf,
  decisionRows,
  signal,
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

async function setup(name: string, calls: unknown[], faults = {}) {
  const api = await startFakeBotApi({ token: TOKEN, faults });
  fake = api;
  const h = await makeSessionCli(name, calls, { env: telegramEnv(api) });
  return { api, h };
}

/** The n-th gate message the bot sent (one with buttons, or a Questions message). */
async function gateMessage(api: FakeBotApi, title: string, nth = 1): Promise<SentMessage> {
  const found = () => [...api.messages.values()].filter((message) => message.text.includes(title));
  await api.waitFor(() => found().length >= nth, `gate message #${nth} (${title})`, 60_000);
  const message = found()[nth - 1];
  if (!message) throw new Error('no gate message');
  return message;
}

/** Every regular file under `dir`, read as text. */
function readTree(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? readTree(path) : readFileSync(path, 'latin1')))
    .join('\n');
}

describe('run --wait with two-way Telegram [slow: ~20 s per test]', { timeout: 180_000 }, () => {
  it('an Approve press moves the waiting run on to completion; a duplicate, a foreign chat and an old button change nothing', async () => {
    const { api, h } = await setup('tg', [...TO_PLAN, ...TO_DONE], { duplicate: true });
    const run = h.samocode('run', '--wait');
    const gate = await gateMessage(api, 'Plan approval');
    const approve = callbackDataOf(gate).find((data) => data.startsWith('a:'));
    expect(approve).toBeDefined();
    expect(callbackDataOf(gate).map((data) => data.slice(0, 2))).toEqual(['a:', 'r:', 's:']);

    // A press from another chat first: answered, nothing recorded, the run still waits.
    api.queue(
      pressUpdate({
        chatId: 999,
        from: { id: 6, username: 'mallory' },
        messageId: gate.messageId,
        data: approve ?? '',
        queryId: 'q-foreign',
      }),
    );
    await api.waitFor(() => answersTo(api, 'q-foreign').length === 2, 'the foreign press answered', 60_000);
    expect(
      existsSync(join(h.sessionDir(), '_gates'))
        ? readdirSync(join(h.sessionDir(), '_gates')).filter((file) => file.startsWith('g'))
        : [],
    ).toEqual([]);
    expect(decisionRows(h)).toEqual([]);

    // Alice's press, delivered twice: one decision, the second told who came first.
    api.queue(
      pressUpdate({
        chatId: CHAT,
        from: alice,
        messageId: gate.messageId,
        data: approve ?? '',
        queryId: 'q-alice',
      }),
    );
    const ended = await run;
    expect(ended.exitCode).toBe(0);
    expect(h.invocations()).toHaveLength(7);
    const rows = decisionRows(h);
    expect(rows.map((row) => [row.event, row.decision?.channel, row.decision?.who])).toEqual([
      ['approve', 'telegram', '@alice'],
    ]);
    await api.waitFor(() => answersTo(api, 'q-alice').length === 2, 'both deliveries answered', 60_000);
    const [first, second] = answersTo(api, 'q-alice');
    expect(first).toMatch(/^approved at \d\d:\d\d by @alice via telegram$/);
    expect(second).toMatch(/^already approved at \d\d:\d\d by @alice via telegram/);
    expect(api.messages.get(gate.messageId)?.text).toMatch(/Approved at \d\d:\d\d by @alice via telegram/);
    expect(api.messages.get(gate.messageId)?.buttons).toEqual([]);

    const log = readFileSync(join(h.sessionDir(), 'session.log'), 'utf8');
    expect(log).toContain('telegram: polling for this machine');
    expect(log).toMatch(/gate \S+\/g1-approval approved at \d\d:\d\d by @alice via telegram: going on/);
    const secret = TOKEN.split(':')[1] ?? TOKEN;
    expect(`${ended.stdout}${ended.stderr}${readTree(h.project.root)}`).not.toContain(secret);
    const status = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(status.view.lastDecision.text).toMatch(/^approved at \d\d:\d\d by @alice via telegram$/);
  });

  it('questions are answered by a reply; the next gate is announced anew and its old button is refused', async () => {
    const { api, h } = await setup('qa', [
      signal({ status: 'continue', phase: 'investigation' }),
      signal({ status: 'continue', phase: 'requirements' }),
      signal({ status: 'waiting', for: 'qa_answers' }),
      signal({ status: 'continue', phase: 'planning' }),
      signal({ status: 'waiting', for: 'plan_approval' }),
      ...TO_DONE,
    ]);
    const run = h.samocode('run', '--wait');
    const questions = await gateMessage(api, 'Questions');
    // Read now: the message loses its buttons once the gate is decided.
    const oldStop = callbackDataOf(questions).find((data) => data.startsWith('s:')) ?? '';
    expect(oldStop).not.toBe('');
    api.queue(
      messageUpdate({ chatId: CHAT, from: alice, text: '1. Postgres.', replyTo: questions.messageId }),
    );
    const plan = await gateMessage(api, 'Plan approval');
    expect(readFileSync(join(h.sessionDir(), '_qa.md'), 'utf8')).toContain('1. Postgres.');
    expect(api.messages.get(questions.messageId)?.text).toMatch(
      /Answered at \d\d:\d\d by @alice via telegram/,
    );
    // A press on the questions' Stop button, now that their gate is passed, changes nothing.
    api.queue(
      pressUpdate({
        chatId: CHAT,
        from: alice,
        messageId: questions.messageId,
        data: oldStop,
        queryId: 'q-old',
      }),
    );
    const approve = callbackDataOf(plan).find((data) => data.startsWith('a:')) ?? '';
    await api.waitFor(() => answersTo(api, 'q-old').length === 1, 'the old press answered', 60_000);
    expect(answersTo(api, 'q-old')[0]).toMatch(
      /^that gate is closed \(answered at \d\d:\d\d by @alice via telegram\)/,
    );
    expect(existsSync(join(h.sessionDir(), '_gates', 'stop.json'))).toBe(false);
    api.queue(pressUpdate({ chatId: CHAT, from: alice, messageId: plan.messageId, data: approve }));
    expect((await run).exitCode).toBe(0);
    expect(decisionRows(h).map((row) => [row.decision?.action, row.decision?.channel])).toEqual([
      ['answer', 'telegram'],
      ['approve', 'telegram'],
    ]);
  });

  it('two sessions in two processes wait on one bot token: one poller answers each on its own', async () => {
    const api = await startFakeBotApi({ token: TOKEN });
    fake = api;
    // One machine: both runs share the Telegram state folder (and so the poller lock).
    const env = { ...telegramEnv(api), XDG_STATE_HOME: makeTempTree() };
    const one = await makeSessionCli('one', [...TO_PLAN, ...TO_DONE], { env });
    const two = await makeSessionCli('two', [...TO_PLAN, ...TO_DONE], { env });
    const runOne = one.samocode('run', '--wait');
    const runTwo = two.samocode('run', '--wait');
    await gateMessage(api, 'Plan approval', 2);
    const messageOf = (h: Cli) => {
      const folder = h.sessionDir().split('/').at(-1) ?? '';
      const message = [...api.messages.values()].find(
        (sent) => sent.text.includes('Plan approval') && sent.text.includes(folder),
      );
      if (!message) throw new Error(`no gate message for ${folder}`);
      return message;
    };
    const press = (h: Cli) => {
      const message = messageOf(h);
      const data = callbackDataOf(message).find((entry) => entry.startsWith('a:')) ?? '';
      api.queue(pressUpdate({ chatId: CHAT, from: alice, messageId: message.messageId, data }));
    };
    api.queue(messageUpdate({ chatId: CHAT, from: alice, text: '/status' }));
    await api.waitFor(
      () => [...api.messages.values()].some((sent) => sent.text.startsWith('Waiting on this machine:')),
      'the /status reply',
      60_000,
    );
    const status = [...api.messages.values()].find((sent) =>
      sent.text.startsWith('Waiting on this machine:'),
    );
    for (const h of [one, two]) expect(status?.text).toContain(h.sessionDir().split('/').at(-1));
    expect(status?.text.match(/Plan approval/g)).toHaveLength(2);
    press(two);
    expect((await runTwo).exitCode).toBe(0);
    expect(decisionRows(two).map((row) => row.decision?.channel)).toEqual(['telegram']);
    expect(decisionRows(one)).toEqual([]);
    press(one);
    expect((await runOne).exitCode).toBe(0);
    expect(decisionRows(one).map((row) => row.decision?.who)).toEqual(['@alice']);
    expect(api.maxOpenGetUpdates()).toBe(1);
    expect(api.requests.filter((request) => request.status === 409)).toEqual([]);
  });

  it('a spend block is lifted by a grant reply, a human action by Done; the run ends complete', async () => {
    const write = (path: string) => ({ do: 'write', path, content: path });
    const api = await startFakeBotApi({ token: TOKEN });
    fake = api;
    // The first call costs $0.0168 (three tool calls): a second as large would pass the $0.02 cap.
    const h = await makeSessionCli(
      'grant',
      [
        [write('a1'), write('a2'), { do: 'signal', content: { status: 'continue', phase: 'investigation' } }],
        signal({ status: 'continue', phase: 'requirements' }),
        signal({ status: 'continue', phase: 'planning' }),
        signal({ status: 'waiting', for: 'plan_approval' }),
        signal({ status: 'waiting', for: 'human_action', summary: 'rotate the API key' }),
        ...TO_DONE,
      ],
      { env: { ...telegramEnv(api), SAMOCODE_MAX_COST_USD: '0.02' } },
    );
    const run = h.samocode('run', '--wait', '--auto-approve');
    const grant = await gateMessage(api, 'Budget reached');
    api.queue(messageUpdate({ chatId: CHAT, from: alice, text: 'lots', replyTo: grant.messageId }));
    api.queue(messageUpdate({ chatId: CHAT, from: alice, text: 'cost=1', replyTo: grant.messageId }));
    const action = await gateMessage(api, 'A human action is needed');
    expect(action.text).toContain('rotate the API key');
    const done = callbackDataOf(action).find((data) => data.startsWith('a:')) ?? '';
    expect(callbackDataOf(action).map((data) => data.slice(0, 2))).toEqual(['a:', 's:']);
    api.queue(pressUpdate({ chatId: CHAT, from: alice, messageId: action.messageId, data: done }));
    expect((await run).exitCode).toBe(0);
    expect(decisionRows(h).map((row) => [row.decision?.action, row.decision?.channel])).toEqual([
      ['grant', 'telegram'],
      ['approve', 'telegram'],
    ]);
    // The reply that was no grant got a hint and decided nothing.
    expect([...api.messages.values()].some((sent) => sent.text.includes('reply with a grant such as'))).toBe(
      true,
    );
  });
});
