/**
 * The plain words the session view uses for the machine's vocabulary: block needs, provider
 * outcomes, gates, waits and times. Exhaustive tables, so a new outcome or need is a type error
 * here until it has words. Pure.
 */
import type { WorkflowEventType } from '../../machines/events.js';
import type { BlockNeed } from '../../machines/phases.js';
import { RULE_IDS, RULE_NUMBERS, type RuleId } from '../../machines/rules.js';
import { quote } from '../../machines/signal.js';
import type { Gate } from '../../machines/state-meaning.js';
import type { OutcomeKind } from '../providers/types.js';

/** What a blocked agent needs, as a person reads it. */
export const NEED_WORDS: Readonly<Record<BlockNeed, string>> = {
  human_decision: 'a decision from you',
  clarification: 'a clarification',
  error_resolution: 'an error fixed',
  environment: 'a change to its environment',
};

/** The headline of each gate a session can wait at. */
export const GATE_WORDS: Readonly<Record<Gate, string>> = {
  answers: 'waiting for your answers to the questions in _qa.md',
  approval: 'the plan waits for your approval',
  action: 'waiting for you to do something by hand',
};

/** Why a provider attempt failed, in a few words. */
export const OUTCOME_WORDS: Readonly<Record<OutcomeKind, string>> = {
  success: 'the agent finished',
  no_signal: 'the agent wrote no _signal.json',
  usage_limit: 'a usage limit',
  rate_limited: 'the API rate limit',
  overloaded: 'the API was overloaded',
  server_error: 'an API server error',
  network: 'cannot reach the API',
  auth: 'the provider CLI is not logged in, or its key was refused',
  billing: 'the provider account has no credit left',
  unknown_model: 'the provider does not know the model',
  bad_invocation: 'the provider CLI refused its arguments',
  permission: 'the provider CLI refused to run without permission prompts',
  max_turns: 'the agent ran out of turns',
  interrupted: 'the attempt was interrupted',
  crash: 'the provider CLI ended without a result',
  timeout: 'no result within the time limit',
  stalled: 'the provider printed nothing for too long',
  cancelled: 'the attempt was cancelled',
  cli_missing: 'the provider CLI is gone',
  workdir_missing: "the session's worktree no longer exists",
};

/** What to fix before running again after a fatal failure; transient ones get the logs. */
export const OUTCOME_FIX: Readonly<Partial<Record<OutcomeKind, string>>> = {
  auth: 'log the provider CLI in (or set its API key)',
  billing: 'add credit to the provider account (or use another one)',
  unknown_model: 'set a model the CLI knows (CLAUDE_MODEL, CODEX_MODEL or --model)',
  network: 'check the network (and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them)',
  bad_invocation: 'check the provider CLI version and CLAUDE_PATH / CODEX_PATH',
  cli_missing: 'reinstall the provider CLI, or point CLAUDE_PATH / CODEX_PATH at where it is now',
  permission: 'set IS_SANDBOX=1 if this machine is a sandbox, or run as a normal user',
};

export function isOutcomeKind(value: string): value is OutcomeKind {
  return Object.hasOwn(OUTCOME_WORDS, value);
}

/** `2026-11-24 17:05 UTC`: one unambiguous clock time, the same on every surface. */
export function renderClock(iso: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`. */
export function renderDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** `1 attempt`, `3 attempts`. */
/** The agent's own text (a summary, a reason) is kept whole in the session files and shortened where shown. */
const SHOWN_CHARS = 600;
export function shown(text: string): string {
  return quote(text, SHOWN_CHARS);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** How an iteration ended, by the event that ended it (the history's `event`), in a few words. */
export const EVENT_WORDS: Readonly<Record<WorkflowEventType, string>> = {
  'signal.continue': 'the agent signalled continue',
  'signal.done': 'the agent signalled done',
  'signal.blocked': 'the agent signalled blocked',
  'signal.waiting': 'the agent signalled waiting',
  'signal.invalid': 'the agent wrote an invalid _signal.json',
  'agent.noSignal': 'the agent wrote no _signal.json',
  'agent.failed': 'the attempt failed',
  'agent.limited': 'a usage limit',
  approve: 'the plan was approved',
  resume: 'a new run picked it up',
  'verify.passed': "samocode's check passed",
  'verify.failed': "samocode's check failed",
};

export function isWorkflowEventType(value: string): value is WorkflowEventType {
  return Object.hasOwn(EVENT_WORDS, value);
}

const isRuleId = (value: string): value is RuleId => (RULE_IDS as readonly string[]).includes(value);

/** A refusal's text without the `rule N (id): ` prefix the machine records, which plain text does not show. */
export function withoutRulePrefix(rule: string, reason: string): string {
  if (!isRuleId(rule)) return reason;
  const prefix = `rule ${RULE_NUMBERS[rule]} (${rule}): `;
  return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
}
