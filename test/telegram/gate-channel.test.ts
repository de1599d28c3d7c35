import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDecision } from '../../src/gates/decision.js';
import { startTelegramChannel, type TelegramChannel, withoutLinks } from '../../src/telegram/gate-channel.js';
import { buildTelegramStatePaths } from '../../src/telegram/state-paths.js';
import { readRegistrations } from '../../src/telegram/waiting-registry.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { closedPort } from '../helpers/telegram-server.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
let fake: FakeBotApi | undefined;
let channel: TelegramChannel | undefined;

afterEach(async () => {
  await channel?.stop();
  channel = undefined;
  await fake?.close();
  fake = undefined;
  removeTempTrees();
});

function open(apiBase: string) {
  const root = makeTempTree();
  const dir = join(root, '26-01-01-x');
  mkdirSync(dir);
  const paths = buildTelegramStatePaths(join(root, 'state'), TOKEN);
  const lines: string[] = [];
  channel = startTelegramChannel({
    settings: { token: TOKEN, chatId: '42', apiBase, allowedUsers: [] },
    paths,
    clean: (text) => text.replaceAll('sk-secret', '[redacted]'),
    info: (line) => lines.push(`info ${line}`),
    warn: (line) => lines.push(`warn ${line}`),
  });
  return { root, dir, paths, lines, channel };
}

describe('withoutLinks', () => {
  it('keeps the words of Markdown links and leaves bare URLs out', () => {
    expect(
      withoutLinks('see [the spec](https://x.test/spec) and http://evil.test/a?b=1 or ftp://f.test'),
    ).toBe('see the spec and (link) or (link)');
    expect(withoutLinks('no links here')).toBe('no links here');
  });
});

describe('the Telegram channel of a waiting run', () => {
  it('announces a plan gate with the plan text (links out, secrets cleaned), and settles a CLI decision by editing it', async () => {
    fake = await startFakeBotApi({ token: TOKEN });
    const world = open(fake.apiBase);
    const plan = join(world.dir, '01-plan.md');
    writeFileSync(plan, '# Plan\n\n1. Use [the ORM](https://orm.test) with sk-secret\n');
    const gateId = '26-01-01-x/g2-approval';
    const announced = await world.channel.announce({
      sessionDir: world.dir,
      sessionName: '26-01-01-x',
      gateId,
      gateKind: 'approval',
      asks: 'approve or reject the plan',
      detailFile: plan,
    });
    const [sent] = [...fake.messages.values()];
    expect(sent?.text).toContain('approve or reject the plan');
    expect(sent?.text).toContain('1. Use the ORM with [redacted]');
    expect(sent?.text).not.toContain('https://');
    expect(readRegistrations(world.paths).registrations.map((entry) => entry.gateId)).toEqual([gateId]);
    const built = buildDecision({ gateId, action: 'approve', channel: 'cli', who: 'bob' });
    if (!built.ok) throw new Error(built.problems.join('; '));
    await announced.settle({ decision: built.decision });
    expect(sent?.text).toMatch(/Approved at \d\d:\d\d by bob via cli/);
    expect(readRegistrations(world.paths).registrations).toEqual([]);
    expect(world.lines.filter((line) => line.startsWith('warn'))).toEqual([]);
  });

  it('warns when the Bot API cannot be reached; the gate stays registered until the wait ends', async () => {
    const world = open(`http://127.0.0.1:${await closedPort()}`);
    const gateId = '26-01-01-x/g1-answers';
    const announced = await world.channel.announce({
      sessionDir: world.dir,
      sessionName: '26-01-01-x',
      gateId,
      gateKind: 'answers',
      asks: 'answer the questions',
      detailFile: join(world.dir, '_qa.md'),
    });
    expect(world.lines.join('\n')).toMatch(/warn telegram: the gate message was not sent \(/);
    expect(world.lines.join('\n')).not.toContain(TOKEN.split(':')[1]);
    expect(readRegistrations(world.paths).registrations.map((entry) => entry.gateId)).toEqual([gateId]);
    await announced.settle();
    expect(readRegistrations(world.paths).registrations).toEqual([]);
  });
});
