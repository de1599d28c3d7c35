/**
 * A record of the live provider process group in the session folder. If samocode dies by SIGKILL
 * no cleanup runs and the detached group lives on; the next run reaps it from this record.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { buildSessionPaths } from '../session/paths.js';

const GroupRecordSchema = z.object({ pgid: z.number().int().positive(), leaderStart: z.string() });
export type GroupRecord = z.infer<typeof GroupRecordSchema>;

export function groupRecordPath(sessionDir: string): string {
  return buildSessionPaths(sessionDir).providerGroup;
}

/** The kernel's start time of a process (field 22 of /proc/<pid>/stat), or '' when it is gone. */
export function readProcessStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

export function writeGroupRecord(path: string, pgid: number): void {
  writeFileSync(path, `${JSON.stringify({ pgid, leaderStart: readProcessStart(pgid) })}\n`);
}

export function removeGroupRecord(path: string): void {
  rmSync(path, { force: true });
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
