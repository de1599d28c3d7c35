/** Decides what one claude attempt amounted to: structure first (providers.md §7), prose only as a fallback. */
import { type Classified, classifyTimeout } from '../outcome.js';
import type { ProcessEnd } from '../process-end.js';
import { ROOT_REFUSAL, SANDBOX_FIX } from '../sandbox-rule.js';
import { classifyStartError } from '../start-failure.js';
import type { OutcomeKind } from '../types.js';
import type { ClaudeResult, ClaudeStream } from './parse.js';

const AUTH_ERRORS: ReadonlySet<string> = new Set([
  'authentication_failed',
  'oauth_org_not_allowed',
  'account_on_hold',
  'verification_required',
]);

const FIX: Partial<Record<OutcomeKind, string>> = {
  auth: 'log in with `claude /login`, or set ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN',
  billing: 'add credits to the Anthropic account, or switch to another account',
  unknown_model: 'set a model name claude knows (e.g. `sonnet` or `opus`) in the configuration',
  bad_invocation: 'check the claude version (samocode needs the flags of claude 2.1.x)',
  network:
    'check the network connection, and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them, then run samocode again (it does not retry on top of the retries claude already made)',
  permission: `${ROOT_REFUSAL} unless IS_SANDBOX is 1; ${SANDBOX_FIX}`,
};

function verdict(outcome: OutcomeKind, detail: string, resetsAtMs?: number): Classified {
  const fix = FIX[outcome];
  const message = fix === undefined ? `claude: ${detail}` : `claude: ${detail}. Fix: ${fix}.`;
  return resetsAtMs === undefined ? { outcome, message } : { outcome, message, resetsAtMs };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function isUsageLimit(stream: ClaudeStream, result: ClaudeResult | undefined): boolean {
  if (stream.limitRejected) return true;
  if (result?.apiError === 'usage_limit_reached') return true;
  return result?.apiErrorStatus === 429 && /hit your .*limit|usage limit/i.test(result.text);
}

const UNREACHABLE_TEXT = /Unable to connect to API|Can't reach the API server/;

/** No HTTP answer at all: a typed `connection_failed`, or retries that never got a status (claude 2.1.197). */
function isUnreachable(stream: ClaudeStream, result: ClaudeResult): boolean {
  if (result.apiError === 'connection_failed') return true;
  if (result.apiErrorStatus === undefined && stream.lastRetry?.isUnreachable === true) return true;
  return result.apiErrorStatus === undefined && UNREACHABLE_TEXT.test(result.text);
}

function toUnreachableDetail(stream: ClaudeStream, text: string): string {
  const retry = stream.lastRetry;
  const retried =
    retry === undefined ? '' : ` after ${retry.attempt} retr${retry.attempt === 1 ? 'y' : 'ies'} of its own`;
  return `cannot reach the API${retried} (${text})`;
}

function classifyApiError(stream: ClaudeStream, result: ClaudeResult): Classified {
  const error = stream.assistantError;
  const status = result.apiErrorStatus;
  const text = result.text || 'the API call failed';
  if (error !== undefined && AUTH_ERRORS.has(error)) return verdict('auth', text);
  if (error === 'billing_error') return verdict('billing', text);
  if (error === 'model_not_found' || status === 404) return verdict('unknown_model', text);
  if (isUnreachable(stream, result)) return verdict('network', toUnreachableDetail(stream, text));
  if (status === 401 || status === 403) return verdict('auth', text);
  if (status === 429 || error === 'rate_limit') return verdict('rate_limited', text);
  if (status === 529 || error === 'overloaded') return verdict('overloaded', text);
  if ((status !== undefined && status >= 500 && status <= 599) || error === 'server_error')
    return verdict('server_error', text);
  if (error === 'invalid_request') return verdict('bad_invocation', text);
  if (/Not logged in|Invalid API key/.test(text)) return verdict('auth', text);
  return verdict('crash', text);
}

function classifyResult(stream: ClaudeStream, result: ClaudeResult): Classified {
  if (result.subtype === 'success' && !result.isError) {
    if (result.permissionDenials > 0)
      return verdict(
        'permission',
        `${result.permissionDenials} tool call(s) were denied although bypass mode was requested`,
      );
    return { outcome: 'success', message: 'claude finished' };
  }
  if (result.subtype === 'error_max_turns' || result.terminalReason === 'max_turns')
    return verdict('max_turns', result.text || 'reached the maximum number of turns');
  if (result.subtype === 'error_max_budget_usd')
    return verdict('max_turns', result.text || 'reached the budget');
  if (result.subtype === 'error_during_execution')
    return verdict('interrupted', result.text || 'interrupted');
  return classifyApiError(stream, result);
}

function classifyWithoutResult(end: ProcessEnd, stream: ClaudeStream): Classified {
  const stderr = lastLine(end.stderrTail);
  if (/cannot be used with root\/sudo privileges/.test(end.stderrTail)) return verdict('permission', stderr);
  if (/^error: (unknown option|option '|missing required argument)/m.test(end.stderrTail))
    return verdict('bad_invocation', stderr);
  const how = end.signal === null ? `exit code ${end.exitCode ?? 'unknown'}` : `signal ${end.signal}`;
  const garbage = stream.nonJsonLines > 0 ? `, ${stream.nonJsonLines} non-JSON line(s) on stdout` : '';
  const why = stderr === '' ? '' : `: ${stderr}`;
  return verdict('crash', `ended without a result (${how}${garbage})${why}`);
}

/**
 * Classifies one finished claude attempt.
 *
 * @example
 * classifyClaudeRun(stream, { exitCode: 1, timedOut: false, … })
 * // { outcome: 'usage_limit', message: 'claude: You've hit your 5-hour limit …', resetsAtMs: 1795539495000 }
 */
export function classifyClaudeRun(stream: ClaudeStream, end: ProcessEnd): Classified {
  if (end.cancelled) return { outcome: 'cancelled', message: 'claude: cancelled' };
  if (end.startError !== undefined) return classifyStartError('claude', end.startError);
  if (end.killedEarly && stream.earlyStop) return verdict(stream.earlyStop.outcome, stream.earlyStop.message);
  if (end.timedOut) return classifyTimeout(stream.figures.retry, end, verdict);
  const result = stream.result;
  if (isUsageLimit(stream, result)) {
    const resetsAtMs = stream.limitResetsAt === undefined ? undefined : stream.limitResetsAt * 1000;
    return verdict('usage_limit', result?.text || 'usage limit reached', resetsAtMs);
  }
  if (result === undefined) return classifyWithoutResult(end, stream);
  return classifyResult(stream, result);
}
