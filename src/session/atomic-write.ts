/** Writes a file so readers see the old or the new contents, never a torn one. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export interface AtomicWriteOptions {
  /**
   * fsync the data before the rename (default true), so a machine crash leaves the old or the new
   * contents on disk. Readers see old-or-new either way; files rebuilt on the next transition
   * (`_overview.md`) skip it.
   */
  readonly durable?: boolean;
}

/**
 * A nearly full disk accepts part of a write and reports the count, not an error: keep writing
 * until every byte is down, so a full disk surfaces as ENOSPC instead of a torn file renamed into place.
 */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/** Temp file in the same directory, fsync (unless `durable: false`), then rename over the target. */
export function writeFileAtomic(path: string, contents: string, options: AtomicWriteOptions = {}): void {
  counter += 1;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeAll(fd, Buffer.from(contents, 'utf8'));
    if (options.durable !== false) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
