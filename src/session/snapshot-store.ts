/** `_state.json`: the persisted machine snapshot, the last history row and sent notifications. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WorkflowContextSchema } from '../../machines/context.js';
import { SamocodeError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { type HistoryRow, HistoryRowSchema } from './history.js';

/** The status and the context are checked here; the state value against the machine when it restores. */
export const PersistedSnapshotSchema = z.looseObject({
  status: z.enum(['active', 'done', 'error', 'stopped']),
  value: z.unknown(),
  context: WorkflowContextSchema,
});
export type PersistedSnapshot = z.infer<typeof PersistedSnapshotSchema>;

export const SessionStateSchema = z.object({
  v: z.literal(1),
  snapshot: PersistedSnapshotSchema,
  lastRow: HistoryRowSchema.optional(),
  notified: z.array(z.string()).optional(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

/** The saved state, or `undefined` when the session has none yet; corrupt → `session.state`. */
export function readSessionState(path: string): SessionState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new SamocodeError('session.state', `cannot read ${path}: ${String(error)}; check its permissions`, {
      cause: error,
    });
  }
  const fix = `move it aside (mv ${path} ${path}.bad) to start the session over from init, or restore it from a backup`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SamocodeError('session.state', `${path} is not valid JSON (${String(error)}); ${fix}`, {
      cause: error,
    });
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
  writeFileAtomic(path, `${JSON.stringify(state, null, 1)}\n`);
}

export type { HistoryRow };
