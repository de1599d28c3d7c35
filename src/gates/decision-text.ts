/**
 * What a person is told about a decision, on every channel: "approved at 12:04 by @alice via
 * telegram", "already approved at …", "that gate is closed". Pure; the clock and time zone are inputs.
 */
import type { Decision, DecisionAction, StopRequest } from './decision.js';
import type { RecordOutcome } from './decision-record.js';

const DONE: Readonly<Record<DecisionAction, string>> = {
  approve: 'approved',
  reject: 'rejected',
  answer: 'answered',
  grant: 'granted',
  stop: 'stopped',
};

export interface TimeText {
  /** The moment "today" is judged against (default now). */
  readonly now?: Date;
  /** An IANA zone such as `Europe/Berlin` (default the machine's). */
  readonly timeZone?: string;
}

function parts(date: Date, timeZone: string | undefined): { day: string; time: string } {
  const format = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    format.formatToParts(date).find((part) => part.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** `12:04` today, `2026-01-05 12:04` on another day. */
export function renderDecisionTime(at: string, options: TimeText = {}): string {
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return at;
  const then = parts(when, options.timeZone);
  const today = parts(options.now ?? new Date(), options.timeZone);
  return then.day === today.day ? then.time : `${then.day} ${then.time}`;
}

/** What a decision (or a history row's record of one) says about itself. */
export type DecisionWords = Pick<Decision, 'at' | 'who'> & {
  readonly action: string;
  readonly channel: string;
};

const isAction = (action: string): action is DecisionAction => Object.hasOwn(DONE, action);

/** `approved at 12:04 by @alice via telegram` */
export function renderDecision(decision: DecisionWords, options: TimeText = {}): string {
  const done = isAction(decision.action) ? DONE[decision.action] : decision.action;
  return `${done} at ${renderDecisionTime(decision.at, options)} by ${decision.who} via ${decision.channel}`;
}

/** `already approved at 12:04 by @alice via telegram` */
export function renderAlreadyDecided(decision: Decision, options: TimeText = {}): string {
  return `already ${renderDecision(decision, options)}`;
}

/** `that gate is closed` plus who closed it, when that is recorded. */
export function renderGateClosed(decision: Decision | undefined, options: TimeText = {}): string {
  return decision ? `that gate is closed (${renderDecision(decision, options)})` : 'that gate is closed';
}

/** `stop requested at 12:04 by alice via cli` */
export function renderStopRequest(request: StopRequest, options: TimeText = {}): string {
  return `stop requested at ${renderDecisionTime(request.at, options)} by ${request.who} via ${request.channel}`;
}

/** The one line a channel shows after trying to record a decision. */
export function renderRecordOutcome(outcome: RecordOutcome, options: TimeText = {}): string {
  switch (outcome.kind) {
    case 'recorded':
      return renderDecision(outcome.decision, options);
    case 'already-decided':
      return renderAlreadyDecided(outcome.decision, options);
    case 'closed':
      return renderGateClosed(outcome.decision, options);
    case 'refused':
      return `not recorded: ${outcome.reason}`;
  }
}
