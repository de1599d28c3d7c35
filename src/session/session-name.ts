/** Session names, the git branch derived from a session folder, and dated folder names. Pure. */
import { SamocodeError } from '../errors.js';

const NAME = /^[A-Za-z0-9._-]+$/;
const DATED = /^(\d{2})-(\d{2})-(\d{2})-(.+)$/;

/** Longest session name: the dated folder, the worktree and the branch ref must all stay far below NAME_MAX (255). */
export const MAX_SESSION_NAME = 100;

const EXAMPLE = 'e.g. --session add-login';

/**
 * What `git check-ref-format --branch` would refuse in `branch`, or undefined when git accepts it.
 * Only the rules a name of `[A-Za-z0-9._/-]` can break are checked.
 */
export function checkBranchName(branch: string): string | undefined {
  if (branch === '' || branch === '@') return 'git refuses it as a branch name';
  if (branch === 'HEAD') return "'HEAD' is reserved by git";
  if (branch.startsWith('-')) return "a git branch cannot start with '-'";
  if (branch.includes('..')) return "a git branch cannot contain '..'";
  if (branch.includes('@{')) return "a git branch cannot contain '@{'";
  if (branch.endsWith('.')) return "a git branch cannot end with '.'";
  for (const component of branch.split('/')) {
    if (component === '') return "a git branch cannot contain '//' or start or end with '/'";
    if (component.startsWith('.')) return "no part of a git branch can start with '.'";
    if (component.endsWith('.lock')) return "no part of a git branch can end with '.lock'";
  }
  return undefined;
}

/** What is wrong with `name` as a session name, or undefined when it is usable. */
export function checkSessionName(name: string): string | undefined {
  const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
  const invalid = (why: string) => `invalid session name "${shown}": ${why}; ${EXAMPLE}`;
  if (!NAME.test(name) || name === '.' || name === '..')
    return invalid("use letters, digits, '.', '_' and '-' only (not a path, not '.' or '..')");
  if (name.length > MAX_SESSION_NAME)
    return invalid(`it is ${name.length} characters long, the limit is ${MAX_SESSION_NAME}`);
  const branchProblem = checkBranchName(toUndatedName(name));
  if (branchProblem !== undefined) return invalid(`it names the session's git branch, and ${branchProblem}`);
  return undefined;
}

/** Throws `session.name` (exit 2) unless `name` is a usable session name. */
export function validateSessionName(name: string): string {
  const problem = checkSessionName(name);
  if (problem !== undefined) throw new SamocodeError('session.name', problem);
  return name;
}

/** `YY-MM-DD` of `date` in local time. */
export function toDatePrefix(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getFullYear() % 100)}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/**
 * The day a `YY-MM-DD-…` folder was made, as a sortable number (YYYYMMDD), or undefined when the
 * prefix is not a real date. A two-digit year more than one year ahead of `today` is last century.
 */
export function toFolderDay(folder: string, today: Date): number | undefined {
  const match = DATED.exec(folder);
  if (match === null) return undefined;
  const yy = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const century = Math.floor(today.getFullYear() / 100) * 100;
  const year = century + yy > today.getFullYear() + 1 ? century - 100 + yy : century + yy;
  const date = new Date(year, month - 1, day);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return undefined;
  return year * 10_000 + month * 100 + day;
}

/** The session name without its `YY-MM-DD-` date; an undated folder name is returned whole. */
export function toUndatedName(folder: string): string {
  return DATED.exec(folder)?.[4] ?? folder;
}

/** `<prefix>/<name>` (prefix trimmed of slashes), or just the name. */
export function toBranchName(folder: string, prefix: string): string {
  const name = toUndatedName(folder);
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/${name}` : name;
}
