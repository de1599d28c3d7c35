/**
 * Telegram as a channel of a waiting run: the machine's poller runs in this process for as long as
 * the run does (it long-polls only while some session on the machine waits, and only while it
 * holds the lock, so another samocode may serve this run's gates); at each gate the run sends the
 * gate message and registers it, and settles it once the wait ends by any channel.
 */
import type { Decision, StopRequest } from '../gates/decision.js';
import type { GateKind } from '../gates/gate-id.js';
import { readSmallFile } from '../gates/read-small-file.js';
import { announceGate, settleGate } from './announce-gate.js';
import { renderFailure } from './api-outcome.js';
import { createBotApiClient } from './bot-api-client.js';
import { buildGateMessage } from './gate-message.js';
import type { TelegramStatePaths } from './state-paths.js';
import { type PollerEvent, renderPollerEvent, startTelegramPoller } from './telegram-poller.js';
import type { TelegramSettings } from './telegram-settings.js';
import type { Registration } from './waiting-registry.js';

export interface TelegramChannelOptions {
  readonly settings: TelegramSettings;
  readonly paths: TelegramStatePaths;
  /** Redacts and strips control characters from session text before it is sent. */
  readonly clean: (text: string) => string;
  readonly info: (message: string) => void;
  readonly warn: (message: string) => void;
}

export interface ChannelGate {
  readonly sessionDir: string;
  readonly sessionName: string;
  readonly gateId: string;
  readonly gateKind: GateKind;
  /** What the gate asks, in plain words (the session view's). */
  readonly asks: string;
  /** The plan file (approval) or `_qa.md` (answers): its text goes into the message, links removed. */
  readonly detailFile?: string;
}

export type GateEnding = { readonly decision: Decision } | { readonly stop: StopRequest };

export interface TelegramChannel {
  announce(gate: ChannelGate): Promise<{ settle(ending?: GateEnding): Promise<void> }>;
  stop(): Promise<void>;
}

const DETAIL_MAX_BYTES = 256 * 1024;

/** Markdown links keep their words; bare URLs are left out (the message is link-free). */
export function withoutLinks(text: string): string {
  return text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\b(?:https?|ftp|file):\/\/\S+/gi, '(link)');
}

function readDetail(gate: ChannelGate, warn: (message: string) => void): string {
  if (gate.detailFile === undefined) return '';
  const read = readSmallFile(gate.detailFile, DETAIL_MAX_BYTES);
  if (read.kind === 'refused') warn(`telegram: the gate message leaves out ${read.reason}`);
  return read.kind === 'text' ? withoutLinks(read.text) : '';
}

function logEvent(options: TelegramChannelOptions, event: PollerEvent): void {
  const line = renderPollerEvent(event);
  if (event.kind === 'failure' || event.kind === 'problem') options.warn(line);
  else options.info(line);
}

/** `/status`: each waiting gate's session and title, as its message heads them (already HTML). */
export function renderWaiting(registrations: readonly Registration[]): string {
  if (registrations.length === 0) return 'No samocode session is waiting on this machine.';
  const heads = registrations.map((entry) => entry.html.split('\n').slice(0, 2).join(' · '));
  return `Waiting on this machine:\n${heads.join('\n')}`;
}

export function startTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { settings, paths } = options;
  const client = createBotApiClient({ token: settings.token, apiBase: settings.apiBase });
  const poller = startTelegramPoller({
    settings,
    paths,
    status: renderWaiting,
    onEvent: (event) => logEvent(options, event),
  });
  return {
    async announce(gate) {
      try {
        return await send(gate);
      } catch (error) {
        // The run waits on without Telegram: the other channels still decide the gate.
        options.warn(
          `telegram: gate ${gate.gateId} not announced: ${error instanceof Error ? error.message : String(error)}`,
        );
        return { settle: async () => undefined };
      }
    },
    stop: () => poller.stop(),
  };

  async function send(gate: ChannelGate) {
    const detail = readDetail(gate, options.warn);
    const html = buildGateMessage({
      sessionName: gate.sessionName,
      gateKind: gate.gateKind,
      summary: options.clean(detail === '' ? gate.asks : `${gate.asks}\n\n${detail}`),
    });
    const { registration, sent } = await announceGate({
      client,
      chatId: settings.chatId,
      paths,
      sessionDir: gate.sessionDir,
      gateId: gate.gateId,
      gateKind: gate.gateKind,
      html,
    });
    if (sent.ok)
      options.info(`telegram: gate ${gate.gateId} sent to the chat; a reply or a button decides it`);
    else
      options.warn(
        `telegram: the gate message was not sent (${renderFailure(sent.failure)}); /status still lists the gate`,
      );
    return {
      async settle(ending?: GateEnding) {
        const edited = await settleGate({
          client,
          chatId: settings.chatId,
          paths,
          registration,
          ...(ending ? { ending } : {}),
        });
        if (edited && !edited.ok)
          options.warn(`telegram: the gate message was not updated (${renderFailure(edited.failure)})`);
      },
    };
  }
}
