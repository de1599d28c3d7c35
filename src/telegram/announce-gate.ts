/**
 * What a waiting session does on Telegram: registers its gate (so the machine's poller serves it),
 * sends the gate message with its buttons, records the message id, and, once the gate is passed by
 * any channel, edits the message to say who decided and withdraws its registration.
 */
import type { Decision, StopRequest } from '../gates/decision.js';
import type { TimeText } from '../gates/decision-text.js';
import type { GateKind } from '../gates/gate-id.js';
import type { BotApiResult } from './api-outcome.js';
import type { BotApiClient } from './bot-api-client.js';
import { buildGateButtons } from './gate-buttons.js';
import { buildDecidedMessage, buildStoppedMessage } from './gate-message.js';
import type { TelegramStatePaths } from './state-paths.js';
import { type Registration, registerWaiting, removeWaiting } from './waiting-registry.js';

export interface AnnounceGateInput {
  readonly client: BotApiClient;
  readonly chatId: string;
  readonly paths: TelegramStatePaths;
  readonly sessionDir: string;
  readonly gateId: string;
  readonly gateKind: GateKind;
  /** From `buildGateMessage`. */
  readonly html: string;
  readonly signal?: AbortSignal;
}

export interface AnnouncedGate {
  readonly registration: Registration;
  /** The send's result: a failure leaves the gate registered (replies to `/status` still work). */
  readonly sent: BotApiResult<{ messageId: number }>;
}

/** Registers first (the poller starts), then sends, then records the message id. */
export async function announceGate(input: AnnounceGateInput): Promise<AnnouncedGate> {
  const base = {
    sessionDir: input.sessionDir,
    gateId: input.gateId,
    gateKind: input.gateKind,
    html: input.html,
  };
  const registration = registerWaiting(input.paths, base);
  const sent = await input.client.sendMessage(
    {
      chatId: input.chatId,
      html: input.html,
      buttons: buildGateButtons(input.gateKind, registration.gateKey),
    },
    input.signal,
  );
  if (!sent.ok) return { registration, sent };
  return { registration: registerWaiting(input.paths, { ...base, messageId: sent.value.messageId }), sent };
}

export interface SettleGateInput {
  readonly client: BotApiClient;
  readonly chatId: string;
  readonly paths: TelegramStatePaths;
  readonly registration: Registration;
  /** How the gate ended; undefined when the wait ended otherwise (Ctrl-C): the message keeps its buttons. */
  readonly ending?: { readonly decision: Decision } | { readonly stop: StopRequest };
  readonly time?: TimeText;
  readonly signal?: AbortSignal;
}

/**
 * Withdraws the registration and, when the gate ended by a stop or by a decision from another
 * channel (the CLI, the dashboard), edits the message to say so. The edit's result is returned; the gate is passed either way.
 */
export async function settleGate(input: SettleGateInput): Promise<BotApiResult<true> | undefined> {
  const { registration, ending } = input;
  removeWaiting(input.paths, registration.sessionDir, registration.gateId);
  if (!ending || registration.messageId === undefined) return undefined;
  // The poller edited the message when it recorded a decision or a stop that came from Telegram.
  const channel = 'decision' in ending ? ending.decision.channel : ending.stop.channel;
  if (channel === 'telegram') return undefined;
  const html =
    'decision' in ending
      ? buildDecidedMessage(registration.html, ending.decision, input.time)
      : buildStoppedMessage(registration.html, ending.stop, input.time);
  return input.client.editMessageText(
    { chatId: input.chatId, messageId: registration.messageId, html },
    input.signal,
  );
}
