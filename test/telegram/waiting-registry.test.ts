import { readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateKey, buildTelegramStatePaths, buildWaitingPath } from '../../src/telegram/state-paths.js';
import { readRegistrations, registerWaiting, removeWaiting } from '../../src/telegram/waiting-registry.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
afterEach(removeTempTrees);

function setup() {
  const root = makeTempTree({ 'sessions/26-01-01-a/': '', 'sessions/26-01-01-b/': '' });
  return {
    paths: buildTelegramStatePaths(join(root, 'state'), TOKEN),
    a: join(root, 'sessions', '26-01-01-a'),
    b: join(root, 'sessions', '26-01-01-b'),
  };
}

describe('waiting registrations', () => {
  it('registers a session at its gate, updates it with the message id, and withdraws it', () => {
    const { paths, a } = setup();
    const first = registerWaiting(paths, {
      sessionDir: a,
      gateId: '26-01-01-a/g1-answers',
      gateKind: 'answers',
      html: 'q?',
    });
    expect(first).toMatchObject({
      sessionDir: a,
      gateKey: buildGateKey(a, '26-01-01-a/g1-answers'),
      pid: process.pid,
      host: hostname(),
    });
    expect(first.messageId).toBeUndefined();
    registerWaiting(paths, {
      sessionDir: a,
      gateId: '26-01-01-a/g1-answers',
      gateKind: 'answers',
      html: 'q?',
      messageId: 100,
    });
    expect(readRegistrations(paths).registrations.map((entry) => entry.messageId)).toEqual([100]);
    removeWaiting(paths, a, '26-01-01-a/g1-answers');
    expect(readRegistrations(paths)).toEqual({ registrations: [], problems: [] });
  });

  it('keeps a newer gate when an older one is withdrawn late', () => {
    const { paths, a } = setup();
    registerWaiting(paths, {
      sessionDir: a,
      gateId: '26-01-01-a/g2-approval',
      gateKind: 'approval',
      html: 'plan',
    });
    removeWaiting(paths, a, '26-01-01-a/g1-answers');
    expect(readRegistrations(paths).registrations.map((entry) => entry.gateId)).toEqual([
      '26-01-01-a/g2-approval',
    ]);
  });

  it('refuses a gate of another session', () => {
    const { paths, a } = setup();
    expect(() =>
      registerWaiting(paths, {
        sessionDir: a,
        gateId: '26-01-01-b/g1-answers',
        gateKind: 'answers',
        html: '',
      }),
    ).toThrow(/not of this session/);
  });

  it('removes the registration of a dead process and reports a file it cannot read', () => {
    const { paths, a, b } = setup();
    const entry = registerWaiting(paths, {
      sessionDir: a,
      gateId: '26-01-01-a/g1-answers',
      gateKind: 'answers',
      html: '',
    });
    writeFileSync(buildWaitingPath(paths, a), JSON.stringify({ ...entry, pid: 2 ** 22 + 12345 }));
    writeFileSync(buildWaitingPath(paths, b), 'nonsense');
    const read = readRegistrations(paths);
    expect(read.registrations).toEqual([]);
    expect(read.problems).toEqual([`${buildWaitingPath(paths, b)} is not JSON`]);
    expect(readdirSync(paths.waiting)).toEqual([buildWaitingPath(paths, b).split('/').at(-1)]);
  });

  it('names the state folder by a hash of the token, never the token itself', () => {
    const paths = buildTelegramStatePaths('/state/samocode', TOKEN);
    expect(paths.dir).toMatch(/^\/state\/samocode\/telegram\/[0-9a-f]{16}$/);
    expect(paths.lock).toBe(`${paths.dir}/poller.lock`);
    expect(JSON.stringify(paths)).not.toContain(TOKEN.split(':')[1]);
  });
});
