/**
 * claude's root rule, said in one place: as root, claude refuses `--dangerously-skip-permissions`
 * unless `IS_SANDBOX` is exactly `1`. `run` (before it creates anything), `doctor` and an attempt
 * that claude refused use these words. Pure.
 */
import { neutralizeControls } from '../text/control-chars.js';
import type { ProviderName } from './types.js';

export const ROOT_REFUSAL = 'claude refuses --dangerously-skip-permissions as root';

export const SANDBOX_FIX =
  'set IS_SANDBOX=1 (in the environment, or in a .env file next to .samocode) if this machine is a sandbox, or run samocode as a normal user';

/** What is wrong and what to do, apart: `doctor` shows them on two lines, `run` on one. */
export interface SandboxRefusal {
  readonly problem: string;
  readonly fix: string;
}

/**
 * @example
 * checkSandbox('claude', { IS_SANDBOX: 'yes' }, 0)?.problem
 * // 'claude refuses --dangerously-skip-permissions as root unless IS_SANDBOX is exactly 1, and it is "yes"'
 */
export function checkSandbox(
  name: ProviderName,
  env: Readonly<Record<string, string | undefined>>,
  uid: number | undefined,
): SandboxRefusal | undefined {
  if (name !== 'claude' || uid !== 0 || env.IS_SANDBOX === '1') return undefined;
  const value = env.IS_SANDBOX;
  const problem =
    value === undefined
      ? `${ROOT_REFUSAL}, and IS_SANDBOX is not set`
      : value.trim() === ''
        ? `${ROOT_REFUSAL}, and IS_SANDBOX is empty`
        : `${ROOT_REFUSAL} unless IS_SANDBOX is exactly 1, and it is "${neutralizeControls(value.slice(0, 40))}"`;
  return { problem, fix: SANDBOX_FIX };
}

/** The one-line form: the problem, then the fix, as `doctor` lists them. */
export function renderSandboxRefusal(refusal: SandboxRefusal): string {
  return `${refusal.problem}; fix: ${refusal.fix}`;
}
