/** The child's environment: the user's, minus what would confuse a nested CLI, plus quiet defaults. */
import type { ProviderSettings } from './types.js';

/** samocode's own store URL (it may carry a password): the agent never needs it. */
const HIDDEN = new Set(['CLAUDECODE', 'SAMOCODE_STORE']);

/**
 * Builds the provider's environment. `IS_SANDBOX` is passed through only when the user set it
 * (preflight reports root without it); `CLAUDECODE` is dropped so a nested claude does not refuse;
 * `SAMOCODE_STORE` is samocode's, and may hold a password.
 *
 * @example
 * buildProviderEnv({ name: 'claude', env: { PATH: '/bin', CLAUDECODE: '1' } })
 * // { PATH: '/bin', DISABLE_AUTOUPDATER: '1' }
 */
export function buildProviderEnv(
  settings: Pick<ProviderSettings, 'name' | 'env'>,
  _uid?: number,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings.env)) {
    if (value === undefined || HIDDEN.has(key)) continue;
    env[key] = value;
  }
  if (settings.name === 'claude') env.DISABLE_AUTOUPDATER = '1';
  return env;
}
