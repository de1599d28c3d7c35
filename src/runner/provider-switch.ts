/** What a user reads when the machine moves attempts to the fallback provider or back. Pure. */
import type { WorkflowContext } from '../../machines/workflow.js';
import { formatFlowTime } from '../session/overview.js';

/** The configured providers by role, as the user named them. */
export interface ProviderNames {
  readonly primary: string;
  readonly fallback?: string;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `17:05` when the reset is today (local time), else `2026-11-25 17:05`. */
export function formatResetTime(at: Date, now: Date): string {
  const isToday = at.toDateString() === now.toDateString();
  return isToday ? `${two(at.getHours())}:${two(at.getMinutes())}` : formatFlowTime(at);
}

type Roles = Pick<WorkflowContext, 'provider' | 'fallbackUntil'>;

/**
 * The line for a transition that changed the provider attempts run on, or undefined.
 *
 * @example
 * describeProviderSwitch({}, { provider: 'fallback', fallbackUntil }, { primary: 'claude', fallback: 'codex' }, now)
 * // 'primary claude is limited until 17:05; using codex'
 */
export function describeProviderSwitch(
  before: Roles,
  after: Roles,
  names: ProviderNames,
  now: Date,
): string | undefined {
  const was = before.provider ?? 'primary';
  const is = after.provider ?? 'primary';
  if (was === is) return undefined;
  const fallback = names.fallback ?? 'the fallback provider';
  if (is === 'fallback') {
    const until =
      after.fallbackUntil === undefined
        ? ''
        : ` until ${formatResetTime(new Date(after.fallbackUntil), now)}`;
    return `primary ${names.primary} is limited${until}; using ${fallback}`;
  }
  return `primary ${names.primary}'s usage limit has reset; back to ${names.primary} from ${fallback}`;
}
