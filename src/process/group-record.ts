/**
 * A record of a live process group (and its marker) in a file, for a session's provider and
 * verify command (`_provider.pid`). If samocode dies by SIGKILL no cleanup runs and the detached
 * group lives on; the next run reaps it from this record. The record is dropped only once the
 * whole tree is seen dead.
 */
import { readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { readProcess } from './process-table.js';

const GroupRecordSchema = z.object({
  pgid: z.number().int().positive(),
  leaderStart: z.string(),
  marker: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,64}$/)
    .optional(),
});
export type GroupRecord = z.infer<typeof GroupRecordSchema>;

/** The kernel's start time of a process (field 22 of /proc/<pid>/stat), or '' when it is gone. */
export function readProcessStart(pid: number): string {
  return readProcess(pid)?.start ?? '';
}

export function writeGroupRecord(path: string, pgid: number, marker?: string): void {
  const record: GroupRecord = { pgid, leaderStart: readProcessStart(pgid), ...(marker ? { marker } : {}) };
  writeFileSync(path, `${JSON.stringify(record)}\n`);
}

export function removeGroupRecord(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Drops the record between attempts by emptying the file (an empty record is no record): the next
 * attempt writes into the same inode. Creating and unlinking a file per attempt costs an inode
 * allocation each time, ≈ 1 ms of kernel CPU on an ext4 without a journal, whose allocator skips
 * every inode freed in the last minutes. `removeEmptyGroupRecord` removes the file at the end.
 */
export function clearGroupRecord(path: string): void {
  try {
    truncateSync(path, 0);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}

/**
 * Removes a cleared record (an empty file) at the end of a run; a record that still names a group
 * stays for the next run. Tidying only: an empty file left behind reads as no record.
 */
export function removeEmptyGroupRecord(path: string): void {
  try {
    if (statSync(path).size === 0) rmSync(path, { force: true });
  } catch {
    // Gone already, or unreadable: either way there is nothing to reap.
  }
}

export function readGroupRecord(path: string): GroupRecord | undefined {
  try {
    const parsed = GroupRecordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the recorded group may still be ours: a leader alive with another start time means the
 * pid was reused, so the group is left alone.
 */
export function isRecordedGroupOurs(record: GroupRecord): boolean {
  const start = readProcessStart(record.pgid);
  return start === '' || start === record.leaderStart;
}
