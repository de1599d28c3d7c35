/**
 * Where a configuration value comes from, and the one order the sources are asked in: a session's
 * own value (its recorded settings, or a flag given to this run), then a flag, the environment,
 * `.env` files, `.samocode`. Defaults are the caller's. Pure.
 */
import type { ConfigSources } from './config.js';

/** `session`: the value a session keeps (`_settings.json`), as it beats every other source. */
export type ValueSource = 'session' | 'flag' | 'environment' | '.env' | '.samocode' | 'default';

export interface PickedValue {
  readonly value: string;
  readonly source: ValueSource;
  /** How to correct a bad value, when the source knows better than the generic text. */
  readonly fix?: string;
}

/** One value of the session layer: what the session runs with, where it came from, how to change it. */
export interface SessionValue {
  readonly value: string;
  readonly source: ValueSource;
  readonly fix?: string;
}

/**
 * The value of `name` from the first source that has it, or undefined.
 *
 * @example
 * pickValue({ ...sources, env: { CLAUDE_MODEL: 'sonnet' } }, 'CLAUDE_MODEL') // { value: 'sonnet', source: 'environment' }
 */
export function pickValue(sources: ConfigSources, name: string, flagValue?: string): PickedValue | undefined {
  const session = sources.sessionValues?.[name];
  if (session !== undefined) return session;
  if (flagValue !== undefined) return { value: flagValue, source: 'flag' };
  const env = sources.env[name];
  if (env !== undefined) return { value: env, source: 'environment' };
  const dotenv = sources.dotenv[name];
  if (dotenv !== undefined) return { value: dotenv, source: '.env' };
  const file = sources.file[name];
  if (file !== undefined) return { value: file, source: '.samocode' };
  return undefined;
}

/** The fix for a bad value, by where it came from; `flag` names the flag that set it. */
export function fixOf(name: string, picked: PickedValue, configPath: string, flag?: string): string {
  if (picked.fix !== undefined) return picked.fix;
  switch (picked.source) {
    case 'session':
    case 'flag':
      return `pass a valid value to ${flag ?? `--set ${name}=<value>`}`;
    case 'environment':
      return `set the environment variable ${name} to a valid value or unset it`;
    case '.env':
      return `correct ${name} in the .env file`;
    case '.samocode':
      return `correct ${name}= in ${configPath}`;
    case 'default':
      return `set ${name} in ${configPath}, .env or the environment`;
  }
}
