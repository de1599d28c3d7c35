/**
 * Decides what one codex attempt amounted to. codex gives no typed error, only `turn.failed`'s
 * message, so after the structure (turn.completed / turn.failed / exit code) the message decides.
 */
import { type Classified, classifyTimeout } from '../outcome.js';
import type { ProcessEnd } from '../process-end.js';
import { classifyStartError } from '../start-failure.js';
import type { OutcomeKind } from '../types.js';
import type { CodexStream } from './parse.js';

const FIX: Partial<Record<OutcomeKind, string>> = {
  auth: 'set CODEX_API_KEY (OPENAI_API_KEY is ignored by codex exec) or run `codex login`',
  billing: 'the API key has no quota left; add credits or use another key',
  unknown_model: 'set a model name codex knows in the configuration, or leave it empty for the default',
  bad_invocation: 'check the codex version (samocode needs the flags of codex 0.169)',
  network:
    'check the network connection, and HTTPS_PROXY if you set it, then run samocode again (it does not retry on top of the retries codex already made)',
};

const RULES: ReadonlyArray<readonly [RegExp, OutcomeKind]> = [
  [/hit your usage limit/i, 'usage_limit'],
  [/Quota exceeded/i, 'billing'],
  [/\b401 Unauthorized|\b403 Forbidden|unexpected status 40[13]\b/, 'auth'],
  [/does not exist or you do not have access/, 'unknown_model'],
  [/last status: 429/, 'rate_limited'],
  [/Connection failed|waiting for network|error sending request/, 'network'],
  [/high demand|last status: 5\d\d|stream disconnected/, 'server_error'],
];

function verdict(outcome: OutcomeKind, detail: string, resetsAtMs?: number): Classified {
  const fix = FIX[outcome];
  const message = fix === undefined ? `codex: ${detail}` : `codex: ${detail}. Fix: ${fix}.`;
  return resetsAtMs === undefined ? { outcome, message } : { outcome, message, resetsAtMs };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The reset time in codex's usage-limit message, as epoch ms, or undefined. codex writes a local
 * wall-clock time: "try again at 5:06 PM" when the reset is today, "try again at Dec 7th, 2026
 * 12:08 AM" on any other day (checked against codex 0.169.0). A bare time already past is tomorrow's.
 *
 * @example
 * parseCodexResetTime('… try again at 5:06 PM.', Date.parse('2026-11-24T16:00:00')) // 2026-11-24T17:06 local
 * parseCodexResetTime('… try again at Dec 7th, 2026 12:08 AM.', now) // 2026-12-07T00:08 local
 */
export function parseCodexResetTime(message: string, nowMs: number): number | undefined {
  const match =
    /try again at (?:([A-Za-z]{3})[a-z]* (\d{1,2})(?:st|nd|rd|th)?, (\d{4}) )?(\d{1,2}):(\d{2})\s*([AP]M)/i.exec(
      message,
    );
  if (match === null) return undefined;
  const hour12 = Number(match[4]) % 12;
  const minute = Number(match[5]);
  const hour = (match[6] ?? '').toUpperCase() === 'PM' ? hour12 + 12 : hour12;
  const at = new Date(nowMs);
  if (match[1] !== undefined) {
    const month = MONTHS.indexOf(match[1].toLowerCase());
    if (month === -1) return undefined;
    at.setFullYear(Number(match[3]), month, Number(match[2]));
    at.setHours(hour, minute, 0, 0);
    return at.getTime();
  }
  at.setHours(hour, minute, 0, 0);
  if (at.getTime() <= nowMs) at.setDate(at.getDate() + 1);
  return at.getTime();
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function classifyFailure(failure: string, nowMs: number): Classified {
  const text = failure.slice(0, 400);
  for (const [pattern, outcome] of RULES) {
    if (!pattern.test(failure)) continue;
    if (outcome === 'usage_limit') return verdict(outcome, text, parseCodexResetTime(failure, nowMs));
    if (outcome === 'network') return verdict(outcome, `cannot reach the API (${text})`);
    return verdict(outcome, text);
  }
  return verdict('crash', `turn failed: ${text}`);
}

function classifyWithoutTurn(end: ProcessEnd, stream: CodexStream): Classified {
  const stderr = lastLine(end.stderrTail);
  if (end.exitCode === 2 || /^error: unexpected argument/m.test(end.stderrTail))
    return verdict(
      'bad_invocation',
      `codex rejected its arguments: ${end.stderrTail.trim().split('\n')[0] ?? ''}`,
    );
  if (/Not inside a trusted directory/.test(end.stderrTail)) return verdict('bad_invocation', stderr);
  const how = end.signal === null ? `exit code ${end.exitCode ?? 'unknown'}` : `signal ${end.signal}`;
  const garbage = stream.nonJsonLines > 0 ? `, ${stream.nonJsonLines} non-JSON line(s) on stdout` : '';
  const why = stderr === '' ? '' : `: ${stderr}`;
  return verdict('crash', `ended without finishing the turn (${how}${garbage})${why}`);
}

/**
 * Classifies one finished codex attempt; `nowMs` anchors "try again at H:MM".
 *
 * @example
 * classifyCodexRun({ ...INITIAL_CODEX_STREAM, turnCompleted: true }, { exitCode: 0, … }, Date.now()).outcome // 'success'
 */
export function classifyCodexRun(stream: CodexStream, end: ProcessEnd, nowMs: number): Classified {
  if (end.cancelled) return { outcome: 'cancelled', message: 'codex: cancelled' };
  if (end.startError !== undefined) return classifyStartError('codex', end.startError);
  if (end.killedEarly && stream.earlyStop) return verdict(stream.earlyStop.outcome, stream.earlyStop.message);
  if (end.timedOut) return classifyTimeout(stream.figures.retry, end, verdict);
  if (stream.failure !== undefined) return classifyFailure(stream.failure, nowMs);
  if (stream.turnCompleted && end.exitCode === 0) return { outcome: 'success', message: 'codex finished' };
  return classifyWithoutTurn(end, stream);
}
