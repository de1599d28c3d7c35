/**
 * How a provider run is paid for, and the start-up guard against billing an API key by accident.
 * claude says it in its init line (`apiKeySource`); codex uses `CODEX_API_KEY` when it is set,
 * else its `codex login`. Pure, apart from `readLogins`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ProviderName } from './types.js';

/** The environment variable that makes each CLI bill per token to an API key. */
export const API_KEY_VARIABLE: Readonly<Record<ProviderName, string>> = {
  claude: 'ANTHROPIC_API_KEY',
  codex: 'CODEX_API_KEY',
};

/** What a history row records: the API key variable that billed, or `subscription` / `login`. */
export function billingFromClaudeInit(apiKeySource: string): string {
  return apiKeySource === 'none' ? 'subscription' : apiKeySource;
}

export function billingOfCodex(env: Readonly<Record<string, string | undefined>>): string {
  return env.CODEX_API_KEY ? 'CODEX_API_KEY' : 'login';
}

export interface BillingCheck {
  readonly warnings: readonly string[];
  /** Set when the run must not start. */
  readonly refusal?: string;
}

export interface BillingInput {
  readonly provider: ProviderName;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user is logged in with a subscription (claude credentials, codex auth.json). */
  readonly hasLogin: boolean;
  readonly policy: 'any' | 'subscription';
}

/**
 * Warns when an API key would bill per token although a subscription login exists; refuses
 * any API key under `SAMOCODE_BILLING=subscription`.
 *
 * @example
 * checkBilling({ provider: 'claude', env: { ANTHROPIC_API_KEY: 'k' }, hasLogin: false, policy: 'subscription' }).refusal
 * // 'SAMOCODE_BILLING=subscription, but ANTHROPIC_API_KEY is set: …'
 */
export function checkBilling(input: BillingInput): BillingCheck {
  const key = API_KEY_VARIABLE[input.provider];
  if (!input.env[key]) return { warnings: [] };
  if (input.policy === 'subscription') {
    return {
      warnings: [],
      refusal: `SAMOCODE_BILLING=subscription, but ${key} is set: ${input.provider} would bill every token to that API key; unset ${key} (environment and .env) or set SAMOCODE_BILLING=any`,
    };
  }
  if (!input.hasLogin) return { warnings: [] };
  return {
    warnings: [
      `${key} is set, so ${input.provider} bills every token to that API key although you are logged in with a subscription; unset ${key} to use the subscription, or set SAMOCODE_BILLING=subscription to refuse such runs`,
    ],
  };
}

/** Whether a subscription login exists for the provider (files only; nothing is run). */
export function readHasLogin(
  provider: ProviderName,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const home = env.HOME ?? homedir();
  if (provider === 'claude') {
    if (env.CLAUDE_CODE_OAUTH_TOKEN) return true;
    return existsSync(join(env.CLAUDE_CONFIG_DIR ?? join(home, '.claude'), '.credentials.json'));
  }
  return existsSync(join(env.CODEX_HOME ?? join(home, '.codex'), 'auth.json'));
}
