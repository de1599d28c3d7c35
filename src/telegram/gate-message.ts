/**
 * The gate message a waiting session sends, and what it becomes once the gate is decided: the
 * same text with who decided and when, and no buttons. Telegram HTML, escaped. Pure.
 */
import type { Decision, StopRequest } from '../gates/decision.js';
import { renderDecision, renderStopRequest, type TimeText } from '../gates/decision-text.js';
import type { GateKind } from '../gates/gate-id.js';
import { clip, escapeHtml } from '../notify/telegram-html.js';

const TITLE: Readonly<Record<GateKind, string>> = {
  approval: 'Plan approval',
  answers: 'Questions',
  action: 'A human action is needed',
  grant: 'Budget reached',
};

const HOW: Readonly<Record<GateKind, string>> = {
  approval: 'Approve or Reject below, or reply "reject &lt;reason&gt;".',
  answers: 'Reply to this message with your answers.',
  action: 'Press Done once you have done it.',
  grant: 'Reply with a grant, e.g. cost=5 or cost=5,tokens=200000,hours=1.',
};

export interface GateMessageInput {
  readonly sessionName: string;
  readonly gateKind: GateKind;
  /** The question, a link-free plan summary, or what to do: plain text, escaped here. */
  readonly summary: string;
}

/** The HTML of a gate message (≤ 4096 characters, the Bot API's limit). */
export function buildGateMessage(input: GateMessageInput): string {
  const head = `<b>samocode</b> · <code>${escapeHtml(input.sessionName)}</code>\n<b>${TITLE[input.gateKind]}</b>`;
  const body = escapeHtml(clip(input.summary.trim(), 3000));
  return `${head}\n\n${body}\n\n<i>${HOW[input.gateKind]}</i>`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The gate message with its decision under it: "Approved at 12:04 by @alice via telegram". */
export function buildDecidedMessage(html: string, decision: Decision, time: TimeText = {}): string {
  return `${html}\n\n<b>${escapeHtml(capitalized(renderDecision(decision, time)))}</b>`;
}

/** The gate message once a stop was requested. */
export function buildStoppedMessage(html: string, request: StopRequest, time: TimeText = {}): string {
  return `${html}\n\n<b>${escapeHtml(capitalized(renderStopRequest(request, time)))}</b>`;
}
