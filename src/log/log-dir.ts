/** Where the rotating JSON log lives; a pure function of the environment and home dir. */
import { join } from 'node:path';

export function resolveLogDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const override = env.SAMOCODE_LOG_DIR;
  if (override) return override;
  const state = env.XDG_STATE_HOME;
  return state ? join(state, 'samocode', 'logs') : join(home, '.local', 'state', 'samocode', 'logs');
}
