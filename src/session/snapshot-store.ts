/** `_state.json`: the persisted machine snapshot, the last history row and sent notifications. */
import * as z from 'zod';
import { RestoredContextSchema } from '../../machines/context.js';
import { migrateStateValue } from '../../machines/legacy-states.js';
import { SamocodeError } from '../errors.js';
import { cleanDeep } from '../text/clean-text.js';
import { writeFileAtomic } from './atomic-write.js';
import { type HistoryRow, HistoryRowSchema } from './history.js';
import { readSessionFile } from './read-session-file.js';

/**
 * What the machine reads at once on restore is checked here; xstate restores the rest. A
 * sub-state an older samocode saved is read as today's (`machines/legacy-states.ts`).
 */
export const PersistedSnapshotSchema = z
  .looseObject({
    status: z.enum(['active', 'done', 'error', 'stopped']),
    /** `'completed'` or `{ phase: subState }`; which ones exist is checked against the machine. */
    value: z.union([z.string(), z.record(z.string(), z.string())]),
    context: RestoredContextSchema,
  })
  .transform((snapshot) => ({ ...snapshot, value: migrateStateValue(snapshot.value, snapshot.context) }));
export type PersistedSnapshot = z.infer<typeof PersistedSnapshotSchema>;

export const SessionStateSchema = z.object({
  v: z.literal(1),
  snapshot: PersistedSnapshotSchema,
  lastRow: HistoryRowSchema.optional(),
  notified: z.array(z.string()).optional(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

/**
 * The most `_state.json` can be: a snapshot, a history row quoting a signal of at most 64 KiB and
 * the sent notifications take well under a megabyte; anything far larger is not ours.
 */
export const MAX_STATE_BYTES = 8 * 1024 * 1024;

/** Where a JSON parse failed, without the text V8 quotes: the file may not be ours to print. */
function jsonFailure(error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return at === undefined ? 'it does not parse' : `it stops parsing at byte ${at}`;
}

/** The saved state, or `undefined` when the session has none yet; corrupt → `session.state`. */
export function readSessionState(path: string): SessionState | undefined {
  const fix = `move it aside (mv ${path} ${path}.bad) to start the session over from init, or restore it from a backup`;
  let read: ReturnType<typeof readSessionFile>;
  try {
    read = readSessionFile(path, MAX_STATE_BYTES);
  } catch (error) {
    throw new SamocodeError('session.state', `cannot read ${path}: ${String(error)}; check its permissions`, {
      cause: error,
    });
  }
  if (read === undefined) return undefined;
  if ('problem' in read) throw new SamocodeError('session.state', `${path} ${read.problem}; ${fix}`);
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (error) {
    throw new SamocodeError('session.state', `${path} is not valid JSON (${jsonFailure(error)}); ${fix}`, {
      cause: error,
    });
  }
  const hostile = findHostileKey(json);
  if (hostile !== undefined) {
    throw new SamocodeError(
      'session.state',
      `${path} is not a samocode state file (it has a "${hostile}" key, which samocode never writes); ${fix}`,
    );
  }
  const parsed = SessionStateSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`,
    );
    throw new SamocodeError(
      'session.state',
      `${path} is not a samocode state file (${problems.slice(0, 3).join('; ')}); ${fix}`,
    );
  }
  return parsed.data;
}

/** What is written: the snapshot straight from `actor.getPersistedSnapshot()`. */
export interface SessionStateToWrite {
  readonly v: 1;
  readonly snapshot: unknown;
  readonly lastRow?: HistoryRow;
  readonly notified?: readonly string[];
}

export function writeSessionState(path: string, state: SessionStateToWrite): void {
  writeFileAtomic(path, `${JSON.stringify(cleanDeep(state), null, 1)}\n`);
}

const HOSTILE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A key that would reach an object's prototype when the state is restored. */
function findHostileKey(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 40) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (HOSTILE_KEYS.has(key)) return key;
    const found = findHostileKey(item, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export type { HistoryRow };
