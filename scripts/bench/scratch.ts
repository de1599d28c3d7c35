/**
 * The bench's temp folders, removed together when the process ends instead of after each run. On
 * a file system that skips recently freed inodes when it allocates (ext4 without a journal, as on
 * the machine of docs/PERFORMANCE.md, for 1–5 minutes), a run that follows the removal of the
 * previous run's thousand files pays a scan for every file it creates: the bench would measure its
 * own clean-up, not samocode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folders: string[] = [];

/** A new temp folder, removed when the process exits. */
export function makeScratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (folders.length === 0)
    process.once('exit', () => {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });
  folders.push(dir);
  return dir;
}
