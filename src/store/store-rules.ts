/**
 * What every store checks before it writes: session and gate ids, agent file paths and sizes,
 * history order. Both implementations call these, so they refuse the same input with the same
 * `store.*` codes. Pure.
 */
import { SamocodeError } from '../errors.js';
import { SESSION_FILES } from '../session/paths.js';
import { cleanDeep, cleanStored } from '../text/clean-text.js';
import type { JsonObject } from './json.js';
import type { Transition } from './session-store.js';

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,149}$/;
const GATE_ID = /^(.+)\/g(\d{1,9})-([a-z]{1,20})$/;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

/** An agent file the store keeps is small; bigger ones belong to the worktree. */
export const MAX_AGENT_FILE_BYTES = 1024 * 1024;

/** Where the folder store keeps a session's settings. */
export const SETTINGS_FILE = '_settings.json';

/** samocode's own files and folders: written by the store itself, or never stored (logs, the lock). */
export const OWNED_NAMES: ReadonlySet<string> = new Set([
  SETTINGS_FILE,
  SESSION_FILES.overview,
  SESSION_FILES.signal,
  SESSION_FILES.history,
  SESSION_FILES.state,
  SESSION_FILES.lock,
  SESSION_FILES.providerGroup,
  SESSION_FILES.logs,
  SESSION_FILES.sessionLog,
  SESSION_FILES.plan,
  '_gates',
]);

export function validateSessionId(session: string): string {
  if (SESSION_ID.test(session) && !session.includes('..')) return session;
  throw new SamocodeError(
    'store.session',
    `invalid session "${session.slice(0, 80)}": a session is named by its folder (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 150 characters), e.g. 26-12-07-add-login`,
  );
}

/** The session a gate id belongs to (`<session>/g<seq>-<kind>`). */
export function sessionOfGate(gateId: string): string {
  const match = GATE_ID.exec(gateId);
  if (match?.[1] === undefined) {
    throw new SamocodeError(
      'store.gate',
      `invalid gate id "${gateId.slice(0, 120)}": expected <session>/g<seq>-<kind>, e.g. 26-12-07-add-login/g3-approval`,
    );
  }
  return validateSessionId(match[1]);
}

/** The file name a gate's decision is kept under in its session (`g3-approval`). */
export function gateFileName(gateId: string): string {
  sessionOfGate(gateId);
  return gateId.slice(gateId.lastIndexOf('/') + 1);
}

export function checkAgentFilePath(path: string): string | undefined {
  const segments = path.split('/');
  if (segments.length > 4) return 'it is nested more than 4 folders deep';
  if (!segments.every((segment) => SEGMENT.test(segment) && segment !== '..'))
    return "use relative paths of letters, digits, '.', '_' and '-' (no '..', no leading '.' or '/')";
  if (OWNED_NAMES.has(segments[0] ?? '')) return `${segments[0]} is samocode's own, not an agent file`;
  return undefined;
}

/** Throws `store.file` for a path outside the session or a file too big to store. */
export function validateAgentFiles(files: Readonly<Record<string, string | null>>): void {
  const problems: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const problem = checkAgentFilePath(path);
    if (problem !== undefined) problems.push(`${path.slice(0, 120)}: ${problem}`);
    else if (text !== null && Buffer.byteLength(text, 'utf8') > MAX_AGENT_FILE_BYTES)
      problems.push(
        `${path}: ${Buffer.byteLength(text, 'utf8')} bytes, the limit is ${MAX_AGENT_FILE_BYTES}`,
      );
  }
  if (problems.length > 0) {
    throw new SamocodeError(
      'store.file',
      `agent files the store cannot keep: ${problems.join('; ')}; keep large or outside files in the worktree`,
    );
  }
}

/** A row must come right after the last one, or repeat one already stored (a retried commit). */
export function checkRowOrder(session: string, seq: number, lastSeq: number): void {
  if (Number.isInteger(seq) && seq >= 1 && seq <= lastSeq + 1) return;
  throw new SamocodeError(
    'store.row-order',
    `history row ${seq} of ${session} is out of order: the session has ${lastSeq} rows, so the next is ${lastSeq + 1}; read the session again before committing`,
  );
}

export function rowConflict(session: string, seq: number): SamocodeError {
  return new SamocodeError(
    'store.row-conflict',
    `history row ${seq} of ${session} is stored already with other contents: two writers are committing to one session; only the lease holder may commit`,
  );
}

export function leaseLost(session: string, worker: string, holder: string | undefined): SamocodeError {
  return new SamocodeError(
    'store.lease-lost',
    `${worker} no longer holds the lease of ${session}${holder === undefined ? '' : ` (${holder} holds it now)`}: stop this run; the holder continues the session`,
  );
}

/** The transition as stored: validated, its text cleaned of secrets and control characters. */
export function cleanTransition(session: string, transition: Transition): Transition {
  validateSessionId(session);
  if (transition.files) validateAgentFiles(transition.files);
  const files =
    transition.files &&
    Object.fromEntries(
      Object.entries(transition.files).map(([path, text]) => [
        path,
        text === null ? null : cleanStored(text),
      ]),
    );
  return {
    ...transition,
    snapshot: cleanDeep(transition.snapshot),
    ...(transition.row ? { row: { seq: transition.row.seq, row: cleanDeep(transition.row.row) } } : {}),
    ...(transition.overview === undefined ? {} : { overview: cleanStored(transition.overview) }),
    ...(files ? { files } : {}),
    ...(transition.settings ? { settings: cleanDeep(transition.settings) } : {}),
    ...(transition.notified ? { notified: transition.notified.map((key) => cleanStored(key)) } : {}),
  };
}

export function cleanRecord(record: JsonObject): JsonObject {
  return cleanDeep(record);
}
