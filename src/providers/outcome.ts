/**
 * A classified attempt and the one machine event it becomes.
 * Which outcomes are worth a retry is decided here, once, for both providers.
 */
import type { WorkflowEvent } from '../../machines/events.js';
import { toSignalEvent } from '../../machines/signal.js';
import type { ProcessEnd } from './process-end.js';
import type { CliRetry } from './stream-figures.js';
import type { OutcomeKind } from './types.js';

export interface Classified {
  readonly outcome: OutcomeKind;
  readonly message: string;
  /** usage_limit only: when the limit resets (epoch ms), if the CLI said. */
  readonly resetsAtMs?: number;
}

// `network` (the API cannot be reached) is not retried here: the CLI has already retried it for
// minutes (claude ~3 min, codex ~30 s), and ours would multiply that wait for nothing.
const FATAL: ReadonlySet<OutcomeKind> = new Set<OutcomeKind>([
  'network',
  'auth',
  'billing',
  'unknown_model',
  'bad_invocation',
  'cli_missing',
  'permission',
]);

/**
 * An attempt our time limit ended. If the CLI was still waiting to retry a request that got no
 * answer at all, the API cannot be reached: that is the cause (not worth our retries on top of the
 * CLI's, as README's troubleshooting says), not the time limit.
 *
 * @example
 * classifyTimeout({ attempt: 7, maxRetries: 10, reason: 'cannot reach the API', isUnreachable: true }, end, verdict)
 * // verdict('network', 'cannot reach the API: it was still retrying (retry 7 of 10) when the time limit (60 s) ended the attempt')
 */
export function classifyTimeout(
  pendingRetry: CliRetry | undefined,
  end: ProcessEnd,
  verdict: (outcome: OutcomeKind, detail: string) => Classified,
): Classified {
  const limit = `the time limit (${Math.round((end.timeoutMs ?? end.durationMs) / 1000)} s)`;
  if (pendingRetry?.isUnreachable !== true) return verdict('timeout', `no result within ${limit}`);
  const of = pendingRetry.maxRetries === undefined ? '' : ` of ${pendingRetry.maxRetries}`;
  return verdict(
    'network',
    `cannot reach the API: it was still retrying (retry ${pendingRetry.attempt}${of}) when ${limit} ended the attempt`,
  );
}

/** Without a reset time we wait this long before trying again. */
export const DEFAULT_LIMIT_WAIT_MS = 15 * 60 * 1000;

/** `new Date(ms)` is valid up to ±8.64e15 ms (year 275760). */
const MAX_DATE_MS = 8.64e15;

export function isFatalOutcome(outcome: OutcomeKind): boolean {
  return FATAL.has(outcome);
}

/**
 * Turns a classified attempt into exactly one event. `signal` is the raw `_signal.json`
 * contents (undefined = no file); it only matters on success. `cancelled` yields no event.
 *
 * @example
 * toOutcomeEvent({ outcome: 'overloaded', message: 'HTTP 529' }, undefined, 0)
 * // { type: 'agent.failed', kind: 'transient', outcome: 'overloaded', message: 'HTTP 529' }
 */
export function toOutcomeEvent(
  classified: Classified,
  signal: string | undefined,
  nowMs: number,
): WorkflowEvent | undefined {
  const { outcome, message } = classified;
  if (outcome === 'cancelled') return undefined;
  // Not the agent's failure: the environment it needs is gone, which a human must put right.
  if (outcome === 'workdir_missing') return { type: 'signal.blocked', reason: message, needs: 'environment' };
  if (outcome === 'success' || outcome === 'no_signal') {
    return signal === undefined ? { type: 'agent.noSignal' } : toSignalEvent(signal);
  }
  if (outcome === 'usage_limit') {
    const resetsAtMs = classified.resetsAtMs;
    if (resetsAtMs === undefined || !Number.isFinite(resetsAtMs))
      return { type: 'agent.limited', waitMs: DEFAULT_LIMIT_WAIT_MS, message, at: nowMs };
    // A reset beyond the last date JavaScript can show is still a (very long) wait, just without a date.
    const isDate = Math.abs(resetsAtMs) <= MAX_DATE_MS;
    return {
      type: 'agent.limited',
      waitMs: Math.max(0, resetsAtMs - nowMs),
      ...(isDate ? { resetsAt: new Date(resetsAtMs).toISOString() } : {}),
      message,
      at: nowMs,
    };
  }
  return { type: 'agent.failed', kind: isFatalOutcome(outcome) ? 'fatal' : 'transient', outcome, message };
}
