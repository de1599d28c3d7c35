/**
 * What the agent left in the session folder, as one hash for the no-progress rule: the path and
 * contents of every work file (notes, requirements, the plan, `_qa.md`, …), in any sub-folder.
 * samocode's own files are left out (state, history, logs, lock, pid, the worst-case bound, temp
 * files of atomic writes) and so is the signal, which counts on its own; of `_overview.md` only the
 * agent's lines count, since samocode rewrites its status lines and adds Flow Log lines on every
 * transition. Synchronous: a few dozen small local files cost less read in one go than through
 * the thread pool's hand-offs, once per iteration.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSamocodeFlowLine } from '../session/overview.js';
import { SESSION_FILES } from '../session/paths.js';

/** Larger files count by size and modification time, not by their contents. */
export const MAX_HASHED_BYTES = 1024 * 1024;

/** The files an agent writes into, among the session files samocode names. */
const AGENT_FILES: ReadonlySet<string> = new Set([SESSION_FILES.qa, SESSION_FILES.overview]);
const SAMOCODE_OWN: ReadonlySet<string> = new Set(
  Object.values(SESSION_FILES).filter((name) => !AGENT_FILES.has(name)),
);
/** `.<name>.<pid>.<n>.tmp`: a write in progress (`session/atomic-write.ts`). */
const TEMP_FILE = /^\..+\.tmp$/;
const OWNED_STATUS_LINE = /^(Phase|Iteration|Total Iterations|Blocked):/;

/** `_overview.md` without the lines samocode writes on every transition. Pure. */
export function agentLinesOfOverview(text: string): string {
  return text
    .split('\n')
    .filter((line) => !OWNED_STATUS_LINE.test(line) && !isSamocodeFlowLine(line))
    .join('\n');
}

function addFile(hash: Hash, path: string, relative: string): void {
  const info = statSync(path);
  hash.update(`${relative}\0`);
  if (info.size > MAX_HASHED_BYTES) {
    hash.update(`${info.size}:${info.mtimeMs}\0`);
    return;
  }
  const contents = readFileSync(path);
  hash.update(
    relative === SESSION_FILES.overview ? agentLinesOfOverview(contents.toString('utf8')) : contents,
  );
  hash.update('\0');
}

function addFolder(hash: Hash, dir: string, prefix: string): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (prefix === '' && SAMOCODE_OWN.has(entry.name)) continue;
    if (TEMP_FILE.test(entry.name)) continue;
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    // Links are not followed: a link into the worktree or out of the session counts as the link it is.
    if (entry.isDirectory()) addFolder(hash, join(dir, entry.name), relative);
    else if (entry.isFile()) addFile(hash, join(dir, entry.name), relative);
    else hash.update(`${relative}\0${entry.isSymbolicLink() ? 'link' : 'other'}\0`);
  }
}

/**
 * The hash of the session folder's work files; a file that disappears while it is read counts as
 * the error's code, so a busy folder never fails an attempt.
 *
 * @example
 * readSessionFilesMark('/sessions/26-11-24-demo'); // 'a3f…' (64 hex digits)
 */
export function readSessionFilesMark(sessionDir: string): string {
  const hash = createHash('sha256');
  try {
    addFolder(hash, sessionDir, '');
  } catch (error) {
    hash.update(`unreadable:${error instanceof Error && 'code' in error ? String(error.code) : 'error'}`);
  }
  return hash.digest('hex');
}
