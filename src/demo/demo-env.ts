/**
 * The environment of the demo's `samocode run`: samocode's own settings, and the provider's
 * pointers to the loopback model server, with HOME and CLI config in the demo folder. Pure.
 */
import { join } from 'node:path';
import type { ProviderName } from '../providers/types.js';
import type { DemoProject } from './demo-project.js';

export interface DemoEnvInput {
  readonly provider: ProviderName;
  readonly cliPath: string;
  readonly baseUrl: string;
  readonly project: Pick<DemoProject, 'home'>;
  /** The parent's environment (PATH and the like are kept). */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  readonly isRoot: boolean;
}

/** Variables from the user's shell that would point the demo somewhere else. */
const DROPPED = [
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'ANTHROPIC_MODEL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'CLAUDECODE',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_CHAT_ID',
];

export function buildDemoEnv(input: DemoEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.parentEnv)) {
    if (value !== undefined && !DROPPED.includes(key) && !key.startsWith('SAMOCODE_')) env[key] = value;
  }
  const home = input.project.home;
  Object.assign(env, {
    HOME: home,
    SAMOCODE_PROVIDER: input.provider,
    SAMOCODE_RETRY_DELAY: '0',
    SAMOCODE_MAX_RETRIES: '2',
    // Caps a minute's demo the way a real session should be capped, so its worst case is small.
    SAMOCODE_MAX_COST_USD: '5',
    SAMOCODE_MAX_HOURS: '0.5',
    // The scripted model never hits a usage limit; a demo would not wait hours for one.
    SAMOCODE_MAX_SUSPEND: '60',
    TELEGRAM_BOT_TOKEN: '',
    TELEGRAM_CHAT_ID: '',
    GIT_AUTHOR_NAME: 'samocode demo',
    GIT_AUTHOR_EMAIL: 'demo@samocode.invalid',
    GIT_COMMITTER_NAME: 'samocode demo',
    GIT_COMMITTER_EMAIL: 'demo@samocode.invalid',
  });
  if (input.provider === 'claude') {
    Object.assign(env, {
      CLAUDE_PATH: input.cliPath,
      CLAUDE_MODEL: 'claude-scripted',
      CLAUDE_MAX_TURNS: '30',
      CLAUDE_TIMEOUT: '120',
      CLAUDE_CONFIG_DIR: join(home, '.claude'),
      ANTHROPIC_BASE_URL: input.baseUrl,
      ANTHROPIC_API_KEY: 'sk-ant-samocode-demo',
      CLAUDE_CODE_MAX_RETRIES: '1',
      DISABLE_AUTOUPDATER: '1',
    });
    // claude refuses bypass mode as root unless told it runs in a sandbox; the demo is one.
    if (input.isRoot) env.IS_SANDBOX = '1';
  } else {
    Object.assign(env, {
      CODEX_PATH: input.cliPath,
      CODEX_MODEL: '',
      CODEX_TIMEOUT: '120',
      CODEX_HOME: join(home, '.codex'),
      CODEX_API_KEY: 'sk-samocode-demo',
    });
  }
  return env;
}
