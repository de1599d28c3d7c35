/** The name a decision carries when a person on this machine gives it (CLI, dashboard): the local user. */
import { userInfo } from 'node:os';

export function localUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
