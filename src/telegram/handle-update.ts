/**
 * Carries out what one update asks for (see `routeUpdate`): records the decision in the session's
 * `_gates/` (first writer wins) or the stop request, then answers the press or the message and
 * edits the gate message to say who decided and when. Never throws; returns what happened, for the log.
 */
import { parseGrant } from '../config/grant.js';
import { buildDecision, buildStopRequest } from '../gates/decision.js';
import { readDecision, recordDecision } from '../gates/decision-record.js';
import {
  renderAlreadyDecided,
  renderDecision,
  renderGateClosed,
  renderStopRequest,
  type TimeText,
} from '../gates/decision-text.js';
import { writeStopRequest } from '../gates/stop-request.js';
import { escapeHtml } from '../notify/telegram-html.js';
import { renderFailure } from './api-outcome.js';
import type { BotApiClient } from './bot-api-client.js';
import type { Update } from './bot-api-schema.js';
import { buildDecidedMessage, buildStoppedMessage } from './gate-message.js';
import type { KnownGate } from './poller-state.js';
import { type ReplyTarget, routeUpdate } from './route-update.js';
import type { Registration } from './waiting-registry.js';

export interface UpdateHandlerContext {
  readonly client: BotApiClient;
  readonly chatId: string;
  readonly allowedUsers: readonly string[];
  readonly registrations: readonly Registration[];
  readonly knownGates: readonly KnownGate[];
  /** The text `/status` replies with (Telegram HTML). */
  readonly status: (registrations: readonly Registration[]) => Promise<string> | string;
  readonly time?: TimeText;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
}

export interface HandledUpdate {
  /** One line for the log: what the update was and what came of it. */
  readonly summary: string;
  /** Bot API calls that failed while answering (the decision itself stands). */
  readonly problems: readonly string[];
}

function isGrant(text: string): boolean {
  try {
    parseGrant(text);
    return true;
  } catch {
    return false;
  }
}

export async function handleUpdate(update: Update, context: UpdateHandlerContext): Promise<HandledUpdate> {
  const { client, signal } = context;
  const problems: string[] = [];
  const time = { ...context.time, now: context.now?.() ?? new Date() };
  const note = (
    what: string,
    result: { ok: true } | { ok: false; failure: Parameters<typeof renderFailure>[0] },
  ) => {
    if (!result.ok) problems.push(`${what}: ${renderFailure(result.failure)}`);
  };
  const tell = async (reply: ReplyTarget, text: string): Promise<void> => {
    if (reply.kind === 'callback')
      note(
        'answerCallbackQuery',
        await client.answerCallbackQuery({ callbackQueryId: reply.callbackQueryId, text }, signal),
      );
    else
      note(
        'sendMessage',
        await client.sendMessage(
          { chatId: context.chatId, html: escapeHtml(text), replyToMessageId: reply.messageId },
          signal,
        ),
      );
  };
  /** Edits the gate message: the one pressed, else the one the registration recorded. */
  const edit = async (registration: Registration, reply: ReplyTarget, html: string): Promise<void> => {
    const messageId =
      reply.kind === 'callback' ? (reply.messageId ?? registration.messageId) : registration.messageId;
    if (messageId === undefined) return;
    note(
      'editMessageText',
      await client.editMessageText({ chatId: context.chatId, messageId, html }, signal),
    );
  };

  const route = routeUpdate(update, { ...context, isGrant });
  const id = `update ${update.update_id}`;
  switch (route.kind) {
    case 'ignore':
      return { summary: `${id} ignored: ${route.why}`, problems };
    case 'refuse':
      note(
        'answerCallbackQuery',
        await client.answerCallbackQuery(
          { callbackQueryId: route.callbackQueryId, text: route.text },
          signal,
        ),
      );
      return { summary: `${id} refused: ${route.why}`, problems };
    case 'status': {
      let html: string;
      try {
        html = await context.status(context.registrations);
      } catch (error) {
        html = escapeHtml(
          `samocode could not build the status: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      note(
        'sendMessage',
        await client.sendMessage(
          { chatId: context.chatId, html, replyToMessageId: route.replyToMessageId },
          signal,
        ),
      );
      return { summary: `${id}: /status answered`, problems };
    }
    case 'hint':
      await tell({ kind: 'message', messageId: route.replyToMessageId }, route.text);
      return { summary: `${id}: a reply that decides nothing, hinted`, problems };
    case 'closed': {
      const read = route.gate ? readDecision(route.gate.sessionDir, route.gate.gateId) : undefined;
      const text = renderGateClosed(read?.kind === 'decided' ? read.decision : undefined, time);
      await tell(route.reply, text);
      return { summary: `${id}: ${text}`, problems };
    }
    case 'stop': {
      const { registration } = route;
      const outcome = writeStopRequest(
        registration.sessionDir,
        buildStopRequest({ channel: 'telegram', who: route.who, at: time.now }),
      );
      if (outcome.kind === 'refused') {
        await tell(route.reply, `could not request a stop: ${outcome.reason}`);
        return { summary: `${id}: stop of ${registration.gateId} not recorded: ${outcome.reason}`, problems };
      }
      const text =
        outcome.kind === 'requested'
          ? renderStopRequest(outcome.request, time)
          : `already ${renderStopRequest(outcome.request, time)}`;
      await tell(route.reply, text);
      await edit(registration, route.reply, buildStoppedMessage(registration.html, outcome.request, time));
      return { summary: `${id}: ${registration.gateId} ${text}`, problems };
    }
    case 'decide': {
      const { registration } = route;
      const built = buildDecision({
        gateId: registration.gateId,
        action: route.action,
        ...(route.payload ? { payload: route.payload } : {}),
        channel: 'telegram',
        who: route.who,
        at: time.now,
      });
      if (!built.ok) {
        await tell(route.reply, `not recorded: ${built.problems.join('; ')}`);
        return {
          summary: `${id}: ${registration.gateId} not recorded: ${built.problems.join('; ')}`,
          problems,
        };
      }
      const outcome = recordDecision(registration.sessionDir, built.decision, registration.gateId);
      if (outcome.kind === 'refused' || outcome.kind === 'closed') {
        const text =
          outcome.kind === 'closed'
            ? renderGateClosed(outcome.decision, time)
            : `not recorded: ${outcome.reason}`;
        await tell(route.reply, text);
        return { summary: `${id}: ${registration.gateId} ${text}`, problems };
      }
      const text =
        outcome.kind === 'recorded'
          ? renderDecision(outcome.decision, time)
          : renderAlreadyDecided(outcome.decision, time);
      await tell(route.reply, text);
      await edit(registration, route.reply, buildDecidedMessage(registration.html, outcome.decision, time));
      return { summary: `${id}: ${registration.gateId} ${text}`, problems };
    }
  }
}
