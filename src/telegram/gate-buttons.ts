/**
 * The buttons of a gate message and what a press or a reply means. `callback_data` is
 * `<letter>:<gate key>`, 18 bytes, well under the Bot API's 64. Pure.
 */
import type { DecisionAction, DecisionPayload } from '../gates/decision.js';
import type { GateKind } from '../gates/gate-id.js';
import type { InlineButton } from './bot-api-schema.js';

const LETTER_OF = { approve: 'a', reject: 'r', stop: 's' } as const;
type ButtonAction = keyof typeof LETTER_OF;
const ACTION_OF: Readonly<Record<string, ButtonAction>> = { a: 'approve', r: 'reject', s: 'stop' };

export function buildCallbackData(action: ButtonAction, gateKey: string): string {
  return `${LETTER_OF[action]}:${gateKey}`;
}

export function parseCallbackData(data: string): { action: ButtonAction; gateKey: string } | undefined {
  const match = /^([a-z]):([0-9a-f]{16})$/.exec(data);
  const action = match ? ACTION_OF[match[1] ?? ''] : undefined;
  return match && action ? { action, gateKey: match[2] ?? '' } : undefined;
}

/** Approve/Reject for a plan, Done for a human action; every gate can be stopped. */
export function buildGateButtons(kind: GateKind, gateKey: string): InlineButton[][] {
  const stop = [{ text: 'Stop', callback_data: buildCallbackData('stop', gateKey) }];
  if (kind === 'approval')
    return [
      [
        { text: 'Approve', callback_data: buildCallbackData('approve', gateKey) },
        { text: 'Reject', callback_data: buildCallbackData('reject', gateKey) },
      ],
      stop,
    ];
  if (kind === 'action')
    return [[{ text: 'Done', callback_data: buildCallbackData('approve', gateKey) }], stop];
  return [stop];
}

/** A button press on a gate of this kind: the action, or undefined when the gate has no such button. */
export function resolvePress(kind: GateKind, action: ButtonAction): DecisionAction | undefined {
  if (action === 'stop') return 'stop';
  if (action === 'approve') return kind === 'approval' || kind === 'action' ? 'approve' : undefined;
  return kind === 'approval' ? 'reject' : undefined;
}

export type ReplyMeaning =
  | { readonly kind: 'decide'; readonly action: DecisionAction; readonly payload?: DecisionPayload }
  | { readonly kind: 'hint'; readonly text: string };

/**
 * A reply to a gate message: the answers to questions, a grant (`cost=5,hours=1`), "approve" /
 * "reject <reason>" on a plan, "done" on a human action. `isGrant` says whether a text is a valid grant.
 */
export function resolveReply(kind: GateKind, text: string, isGrant: (text: string) => boolean): ReplyMeaning {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'hint', text: 'that reply is empty' };
  if (kind === 'answers') return { kind: 'decide', action: 'answer', payload: { answers: trimmed } };
  if (kind === 'grant') {
    return isGrant(trimmed)
      ? { kind: 'decide', action: 'grant', payload: { grant: trimmed } }
      : { kind: 'hint', text: 'reply with a grant such as cost=5 or cost=5,tokens=200000,hours=1' };
  }
  if (/^(approve|approved|yes|ok|lgtm)\b/i.test(trimmed) && kind === 'approval')
    return { kind: 'decide', action: 'approve' };
  if (/^(done|ok|yes)\b/i.test(trimmed) && kind === 'action') return { kind: 'decide', action: 'approve' };
  const reject = /^(reject|no)\b[\s:,-]*([\s\S]*)$/i.exec(trimmed);
  if (reject && kind === 'approval') {
    const reason = reject[2]?.trim() ?? '';
    return { kind: 'decide', action: 'reject', ...(reason ? { payload: { reason } } : {}) };
  }
  return kind === 'approval'
    ? { kind: 'hint', text: 'press a button, or reply "approve" or "reject <reason>"' }
    : { kind: 'hint', text: 'press Done, or reply "done", once you have done it' };
}
