/**
 * A process with sessions waiting at gates on Telegram, for the shared-poller tests
 * (`node --import tsx`). The Telegram settings and `XDG_STATE_HOME` come from the environment; the
 * argument is JSON: `{ sessions: [{ dir, gateId, kind }], longPollSec?, idleCheckMs? }`. It runs
 * the machine's poller loop (polling only if it gets the lock), announces each gate, waits for each
 * decision, settles the messages, stops the poller and ends by itself. Every step is a JSON line on
 * stdout.
 */
import { homedir } from 'node:os';
import * as z from 'zod';
import { GATE_KINDS } from '../../src/gates/gate-id.js';
import { waitForGate } from '../../src/gates/gate-watcher.js';
import { announceGate, settleGate } from '../../src/telegram/announce-gate.js';
import { createBotApiClient } from '../../src/telegram/bot-api-client.js';
import { buildGateMessage } from '../../src/telegram/gate-message.js';
import { buildTelegramStatePaths, resolveStateRoot } from '../../src/telegram/state-paths.js';
import { renderPollerEvent, startTelegramPoller } from '../../src/telegram/telegram-poller.js';
import { resolveTelegramSettings } from '../../src/telegram/telegram-settings.js';

const ArgsSchema = z.object({
  sessions: z.array(z.object({ dir: z.string(), gateId: z.string(), kind: z.enum(GATE_KINDS) })),
  longPollSec: z.number().default(2),
  idleCheckMs: z.number().default(200),
});

const print = (value: object): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const args = ArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const resolved = resolveTelegramSettings(process.env);
if (!resolved.ok || !resolved.settings)
  throw new Error(`telegram settings: ${resolved.ok ? 'not set' : resolved.problems.join('; ')}`);
const settings = resolved.settings;
const paths = buildTelegramStatePaths(resolveStateRoot(process.env, homedir()), settings.token);
const client = createBotApiClient({ token: settings.token, apiBase: settings.apiBase, retryBaseMs: 20 });
const poller = startTelegramPoller({
  settings,
  paths,
  longPollSec: args.longPollSec,
  idleCheckMs: args.idleCheckMs,
  backoff: { baseMs: 50, maxMs: 1_000 },
  client: { retryBaseMs: 20 },
  onEvent: (event) =>
    print({ event: 'poller', kind: event.kind, text: renderPollerEvent(event), at: Date.now() }),
});

await Promise.all(
  args.sessions.map(async (session) => {
    const html = buildGateMessage({
      sessionName: session.gateId.split('/')[0] ?? '',
      gateKind: session.kind,
      summary: `gate ${session.gateId}`,
    });
    const announced = await announceGate({
      client,
      chatId: settings.chatId,
      paths,
      sessionDir: session.dir,
      gateId: session.gateId,
      gateKind: session.kind,
      html,
    });
    print({
      event: 'announced',
      gateId: session.gateId,
      messageId: announced.sent.ok ? announced.sent.value.messageId : undefined,
    });
    const result = await waitForGate({ sessionDir: session.dir, gateId: session.gateId });
    print({ event: 'decided', gateId: session.gateId, result });
    const ending =
      result.kind === 'decided'
        ? { decision: result.decision }
        : result.kind === 'stop'
          ? { stop: result.request }
          : undefined;
    await settleGate({
      client,
      chatId: settings.chatId,
      paths,
      registration: announced.registration,
      ...(ending ? { ending } : {}),
    });
  }),
);
await poller.stop();
print({ event: 'done' });
