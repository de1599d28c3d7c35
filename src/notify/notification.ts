/**
 * What to tell the human, decided from one transition: the session completed, blocked, waits,
 * failed, or was suspended by a usage limit. The words are the session view's (the same as the
 * console's and `status`'s); this module only picks the transitions and lays them out as Telegram
 * HTML, escaped and redacted. Pure. `key` identifies the notification so it is never sent twice.
 */
import { readSavedContext } from '../../machines/context.js';
import { isInFlight } from '../../machines/state-meaning.js';
import { renderState, toStateOf } from '../../machines/sub-states.js';
import type { TransitionInfo } from '../runner/observer.js';
import type { Redact } from '../text/redact.js';
import { type Attention, buildSessionView, type ViewPlace, type ViewSettings } from '../view/index.js';
import { clip, escapeHtml } from './telegram-html.js';

export const NOTIFICATION_KINDS = ['complete', 'blocked', 'waiting', 'failed', 'suspended'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  readonly kind: NotificationKind;
  /** Stable per occurrence: `${kind}:${phase}:${iterations}:${attempt}` (+ `:${resetsAt}` for limits). */
  readonly key: string;
  /** Telegram HTML. */
  readonly text: string;
}

/** What the messages need: the session's place (its dated folder names it in commands) and settings. */
export interface NotifyPlace {
  readonly place: ViewPlace;
  readonly settings: ViewSettings;
}

/** What the human hears when a session enters each class of state; nothing while it runs on. */
const KIND_OF: Readonly<Record<Attention, NotificationKind | undefined>> = {
  completed: 'complete',
  blocked: 'blocked',
  waiting: 'waiting',
  failed: 'failed',
  suspended: 'suspended',
  corrupt: undefined,
  interrupted: undefined,
  paused: undefined,
  running: undefined,
  new: undefined,
};

const ICON: Readonly<Record<NotificationKind, string>> = {
  complete: '✅',
  blocked: '⛔',
  waiting: '⏸',
  failed: '❌',
  suspended: '⏳',
};

export function buildNotification(
  info: TransitionInfo,
  notify: NotifyPlace,
  redact: Redact,
  now: number,
): Notification | undefined {
  const after = toStateOf(info.after.value);
  const before = toStateOf(info.before.value);
  if (after === undefined || (before !== undefined && renderState(before) === renderState(after)))
    return undefined;
  // The run moves on from a state it passes through; from a parked one it stops.
  const view = buildSessionView({
    place: notify.place,
    settings: notify.settings,
    snapshot: { value: info.after.value, context: info.after.context },
    rows: [],
    isLive: isInFlight(after),
    now,
  });
  const kind = KIND_OF[view.attention];
  if (kind === undefined) return undefined;
  const text = (value: string) => escapeHtml(clip(redact(value)));
  const next = view.next;
  const lines = [
    `${ICON[kind]} <b>${escapeHtml(notify.place.folder)}</b>: ${text(view.headline)}`,
    ...view.details.map(text),
    ...(next === undefined
      ? []
      : [
          next.command === undefined
            ? text(next.text)
            : `${text(next.text)}:\n<code>${escapeHtml(redact(next.command))}</code>`,
        ]),
  ];
  const context = readSavedContext(info.after.context);
  const limit =
    kind === 'suspended' ? `:${context.suspension?.resetsAt ?? context.suspension?.waitMs ?? ''}` : '';
  return {
    kind,
    key: `${kind}:${after.phase}:${context.totalIterations ?? 0}:${context.attempt ?? 1}${limit}`,
    text: redact(lines.join('\n')),
  };
}
