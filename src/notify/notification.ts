/**
 * What to tell the human, decided from one transition: the session completed, blocked, waits,
 * failed, or was suspended by a usage limit. Pure; the text is Telegram HTML, already escaped
 * and redacted. `key` identifies the notification so it is never sent twice.
 */
import { readSavedContext, type SavedContext } from '../../machines/context.js';
import { TERMINAL_PHASE, type WaitReason } from '../../machines/phases.js';
import { type StateOf, type SubState, toStateOf } from '../../machines/sub-states.js';
import type { Redact } from '../log/redact.js';
import type { TransitionInfo } from '../runner/observer.js';
import { completionOf, describeCompletion } from '../verify/completion-text.js';
import { clip, escapeHtml, quoteShellWord } from './telegram-html.js';

export const NOTIFICATION_KINDS = ['complete', 'blocked', 'waiting', 'failed', 'suspended'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  readonly kind: NotificationKind;
  /** Stable per occurrence: `${kind}:${phase}:${iterations}:${attempt}` (+ `:${resetsAt}` for limits). */
  readonly key: string;
  /** Telegram HTML. */
  readonly text: string;
}

/** What the messages need to name the session and the command to continue. */
export interface NotifyPlace {
  readonly sessionName: string;
  readonly configPath: string;
}

/** What the human hears when the session enters each sub-state. */
const KIND_OF_SUB: Readonly<Record<SubState, NotificationKind | undefined>> = {
  running: undefined,
  verifying: undefined,
  retrying: undefined,
  paused: undefined,
  suspended: 'suspended',
  awaitingAnswers: 'waiting',
  awaitingAction: 'waiting',
  awaitingApproval: 'waiting',
  blocked: 'blocked',
  failed: 'failed',
};

const WAIT_NEEDS: Readonly<Record<WaitReason, string>> = {
  qa_answers: 'answers to the questions in _qa.md',
  plan_approval: 'your approval of the plan',
  human_action: 'a manual action (see Next in _overview.md)',
};

const FIXES: Readonly<Record<string, string>> = {
  auth: 'log the provider CLI in again or set a valid API key',
  billing: "check the provider account's billing or credits",
  unknown_model: 'set CLAUDE_MODEL / CODEX_MODEL (or --model) to a model the CLI knows',
  bad_invocation: 'check CLAUDE_PATH / CODEX_PATH and the CLI version',
  permission: 'when running as root, set IS_SANDBOX=1 for claude',
};

function kindOf(before: StateOf | undefined, after: StateOf | undefined): NotificationKind | undefined {
  if (after === undefined) return undefined;
  const same = before !== undefined && before.phase === after.phase && before.sub === after.sub;
  if (same) return undefined;
  return after.sub === undefined ? 'complete' : KIND_OF_SUB[after.sub];
}

function command(verb: 'run' | 'approve', place: NotifyPlace): string {
  const args = ['samocode', verb, '--config', place.configPath, '--session', place.sessionName];
  return `<code>${escapeHtml(args.map(quoteShellWord).join(' '))}</code>`;
}

function bodyOf(
  kind: NotificationKind,
  phase: string,
  context: SavedContext,
  place: NotifyPlace,
  now: number,
  redact: Redact,
): string[] {
  const text = (value: string) => escapeHtml(clip(redact(value)));
  switch (kind) {
    case 'complete':
      return [
        `✅ Session <b>${escapeHtml(place.sessionName)}</b> is complete after ${context.totalIterations ?? 0} iterations.`,
        text(describeCompletion(completionOf(context.receipt))),
        ...(context.summary ? [text(context.summary)] : []),
      ];
    case 'blocked':
      return [
        `⛔ Session <b>${escapeHtml(place.sessionName)}</b> is blocked in ${escapeHtml(phase)}.`,
        `Reason: ${text(context.blocked?.reason ?? 'unknown')}`,
        `Needs: ${escapeHtml(context.blocked?.needs ?? 'human_decision')}`,
        `When resolved, run it again:\n${command('run', place)}`,
      ];
    case 'waiting': {
      const reason = context.waiting?.for ?? 'human_action';
      const verb = reason === 'plan_approval' ? 'approve' : 'run';
      return [
        `⏸ Session <b>${escapeHtml(place.sessionName)}</b> is waiting in ${escapeHtml(phase)} for ${escapeHtml(WAIT_NEEDS[reason])}.`,
        ...(context.waiting?.summary ? [text(context.waiting.summary)] : []),
        `Then continue with:\n${command(verb, place)}`,
      ];
    }
    case 'failed': {
      const outcome = context.failure?.outcome ?? 'unknown';
      return [
        `❌ Session <b>${escapeHtml(place.sessionName)}</b> failed in ${escapeHtml(phase)}: ${escapeHtml(outcome)}.`,
        text(context.failure?.message ?? ''),
        `To fix: ${escapeHtml(FIXES[outcome] ?? 'see session.log and the _logs folder of the session')}; then run:\n${command('run', place)}`,
      ];
    }
    case 'suspended': {
      const resumeAt =
        context.suspension?.resetsAt ?? new Date(now + (context.suspension?.waitMs ?? 0)).toISOString();
      return [
        `⏳ Session <b>${escapeHtml(place.sessionName)}</b> hit a usage limit in ${escapeHtml(phase)}.`,
        `It resumes by itself at ${escapeHtml(resumeAt)}.`,
        ...(context.suspension?.message ? [text(context.suspension.message)] : []),
      ];
    }
  }
}

export function buildNotification(
  info: TransitionInfo,
  place: NotifyPlace,
  redact: Redact,
  now: number,
): Notification | undefined {
  const after = toStateOf(info.after.value);
  const kind = kindOf(toStateOf(info.before.value), after);
  if (kind === undefined || after === undefined) return undefined;
  const context = readSavedContext(info.after.context);
  const phase = after.sub === undefined ? TERMINAL_PHASE : after.phase;
  const text = bodyOf(kind, phase, context, place, now, redact)
    .filter((line) => line.length > 0)
    .join('\n');
  const limit =
    kind === 'suspended' ? `:${context.suspension?.resetsAt ?? context.suspension?.waitMs ?? ''}` : '';
  return {
    kind,
    key: `${kind}:${after.phase}:${context.totalIterations ?? 0}:${context.attempt ?? 1}${limit}`,
    text: redact(text),
  };
}
