/** Session names and the branch derived from a session folder. Pure. */
import { SamocodeError } from '../errors.js';

const NAME = /^[A-Za-z0-9._-]+$/;
const DATED = /^\d{2}-\d{2}-\d{2}-(.+)$/;

/** Throws `session.name` unless `name` is a plain folder name. */
export function validateSessionName(name: string): string {
  if (!NAME.test(name) || name === '.' || name === '..') {
    throw new SamocodeError(
      'session.name',
      `invalid session name "${name.slice(0, 100)}": use letters, digits, '.', '_' and '-' only (not a path, not '.' or '..'), e.g. --session add-login`,
    );
  }
  return name;
}

/** `YY-MM-DD` of `date` in local time. */
export function toDatePrefix(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getFullYear() % 100)}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** The session name without its `YY-MM-DD-` date; an undated folder name is returned whole. */
export function toUndatedName(folder: string): string {
  return DATED.exec(folder)?.[1] ?? folder;
}

/** `<prefix>/<name>` (prefix trimmed of slashes), or just the name. */
export function toBranchName(folder: string, prefix: string): string {
  const name = toUndatedName(folder);
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/${name}` : name;
}
