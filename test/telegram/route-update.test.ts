import { describe, expect, it } from 'vitest';
import { type Update, UpdateSchema } from '../../src/telegram/bot-api-schema.js';
import type { KnownGate } from '../../src/telegram/poller-state.js';
import { buildWho, type RouteContext, routeUpdate } from '../../src/telegram/route-update.js';
import type { Registration } from '../../src/telegram/waiting-registry.js';
import { messageUpdate, pressUpdate } from '../helpers/fake-bot-api.js';

const CHAT = 42;
const alice = { id: 7, username: 'alice' };
const plan: Registration = {
  sessionDir: '/s/26-01-01-a',
  gateId: '26-01-01-a/g2-approval',
  gateKind: 'approval',
  gateKey: '00000000000000aa',
  html: 'plan',
  messageId: 100,
  pid: 1,
  host: 'h',
  registeredAt: '2026-01-01T00:00:00.000Z',
};
const questions: Registration = {
  ...plan,
  sessionDir: '/s/26-01-01-b',
  gateId: '26-01-01-b/g1-answers',
  gateKind: 'answers',
  gateKey: '00000000000000bb',
  messageId: 101,
};
const oldGate: KnownGate = {
  gateKey: '00000000000000cc',
  gateId: '26-01-01-a/g1-answers',
  sessionDir: '/s/26-01-01-a',
  gateKind: 'answers',
  messageId: 90,
};

function context(extra: Partial<RouteContext> = {}): RouteContext {
  return {
    chatId: String(CHAT),
    allowedUsers: [],
    registrations: [plan, questions],
    knownGates: [oldGate],
    isGrant: () => false,
    ...extra,
  };
}

function update(body: object, id = 1): Update {
  return UpdateSchema.parse({ update_id: id, ...body });
}

describe('routing a press', () => {
  it('turns Approve on a waiting plan into an approval by the presser', () => {
    const route = routeUpdate(
      update(
        pressUpdate({ chatId: CHAT, from: alice, messageId: 100, data: 'a:00000000000000aa', queryId: 'q1' }),
      ),
      context(),
    );
    expect(route).toEqual({
      kind: 'decide',
      registration: plan,
      action: 'approve',
      who: '@alice',
      reply: { kind: 'callback', callbackQueryId: 'q1', messageId: 100 },
    });
  });

  it('answers a press from another chat or by a user not on the list "not allowed"', () => {
    const foreign = update(
      pressUpdate({ chatId: 999, from: alice, messageId: 100, data: 'a:00000000000000aa', queryId: 'q2' }),
    );
    expect(routeUpdate(foreign, context())).toMatchObject({
      kind: 'refuse',
      callbackQueryId: 'q2',
      text: 'not allowed',
    });
    const press = update(
      pressUpdate({ chatId: CHAT, from: alice, messageId: 100, data: 'a:00000000000000aa', queryId: 'q3' }),
    );
    expect(routeUpdate(press, context({ allowedUsers: ['@bob', '8'] }))).toMatchObject({
      kind: 'refuse',
      text: 'not allowed',
    });
    expect(routeUpdate(press, context({ allowedUsers: ['@alice'] })).kind).toBe('decide');
    expect(routeUpdate(press, context({ allowedUsers: ['7'] })).kind).toBe('decide');
  });

  it('says a gate is closed for a button of a gate nobody waits on, naming the gate when it is remembered', () => {
    const old = update(
      pressUpdate({ chatId: CHAT, from: alice, messageId: 90, data: 'a:00000000000000cc', queryId: 'q4' }),
    );
    expect(routeUpdate(old, context())).toEqual({
      kind: 'closed',
      gate: oldGate,
      reply: { kind: 'callback', callbackQueryId: 'q4', messageId: 90 },
    });
    const unknown = update(
      pressUpdate({ chatId: CHAT, from: alice, messageId: 1, data: 'a:00000000000000dd', queryId: 'q5' }),
    );
    expect(routeUpdate(unknown, context())).toEqual({
      kind: 'closed',
      reply: { kind: 'callback', callbackQueryId: 'q5', messageId: 1 },
    });
  });

  it('refuses a button the gate does not have and data samocode did not make', () => {
    const wrong = update(
      pressUpdate({ chatId: CHAT, from: alice, messageId: 101, data: 'r:00000000000000bb' }),
    );
    expect(routeUpdate(wrong, context())).toMatchObject({ kind: 'refuse', text: 'unknown button' });
    const junk = update(pressUpdate({ chatId: CHAT, from: alice, messageId: 101, data: 'hello' }));
    expect(routeUpdate(junk, context())).toMatchObject({ kind: 'refuse', text: 'unknown button' });
  });

  it('turns Stop into a stop request on any gate', () => {
    const stop = update(
      pressUpdate({
        chatId: CHAT,
        from: { id: 9, first_name: 'Zoe' },
        messageId: 101,
        data: 's:00000000000000bb',
      }),
    );
    expect(routeUpdate(stop, context())).toMatchObject({
      kind: 'stop',
      registration: questions,
      who: 'Zoe (id 9)',
    });
  });
});

describe('routing a message', () => {
  it('takes a reply to a question message as the answers', () => {
    const reply = update(
      messageUpdate({ chatId: CHAT, from: alice, text: 'use Postgres', replyTo: 101, messageId: 5 }),
    );
    expect(routeUpdate(reply, context())).toEqual({
      kind: 'decide',
      registration: questions,
      action: 'answer',
      payload: { answers: 'use Postgres' },
      who: '@alice',
      reply: { kind: 'message', messageId: 5 },
    });
  });

  it('ignores a message from another chat or an unlisted user, even a reply to a gate', () => {
    const foreign = update(messageUpdate({ chatId: 999, from: alice, text: 'use Postgres', replyTo: 101 }));
    expect(routeUpdate(foreign, context()).kind).toBe('ignore');
    const stranger = update(
      messageUpdate({ chatId: CHAT, from: { id: 66, username: 'mallory' }, text: 'x', replyTo: 101 }),
    );
    expect(routeUpdate(stranger, context({ allowedUsers: ['@alice'] })).kind).toBe('ignore');
  });

  it('answers /status (also addressed to the bot by name) and ignores other chatter', () => {
    expect(
      routeUpdate(
        update(messageUpdate({ chatId: CHAT, from: alice, text: '/status', messageId: 8 })),
        context(),
      ),
    ).toEqual({
      kind: 'status',
      replyToMessageId: 8,
    });
    expect(
      routeUpdate(update(messageUpdate({ chatId: CHAT, from: alice, text: '/status@samo_bot' })), context())
        .kind,
    ).toBe('status');
    expect(
      routeUpdate(update(messageUpdate({ chatId: CHAT, from: alice, text: 'hello' })), context()).kind,
    ).toBe('ignore');
  });

  it('says a gate is closed for a reply to an old gate message', () => {
    const late = update(
      messageUpdate({ chatId: CHAT, from: alice, text: 'answers', replyTo: 90, messageId: 9 }),
    );
    expect(routeUpdate(late, context())).toEqual({
      kind: 'closed',
      gate: oldGate,
      reply: { kind: 'message', messageId: 9 },
    });
  });

  it('accepts a chat given as @channel', () => {
    const body = messageUpdate({ chatId: -100, from: alice, text: '/status' });
    const inChannel = update({ message: { ...body.message, chat: { id: -100, username: 'MyChannel' } } });
    expect(routeUpdate(inChannel, context({ chatId: '@mychannel' })).kind).toBe('status');
  });
});

describe('who decided', () => {
  it('is the @username, else the first name with the id, else the id', () => {
    expect(buildWho({ id: 1, username: 'a' })).toBe('@a');
    expect(buildWho({ id: 1, first_name: 'Ann' })).toBe('Ann (id 1)');
    expect(buildWho({ id: 1 })).toBe('id 1');
  });
});
