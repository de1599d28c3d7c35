/**
 * Creates a file whole, once: written to a temp file, then hard-linked into place. `link()` fails
 * with EEXIST when the target exists, so of racing writers exactly one creates it and no reader
 * ever sees a torn file.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../session/atomic-write.js';

const codeOf = (error: unknown): unknown =>
  error instanceof Error && 'code' in error ? error.code : undefined;

/** True when this call created `path`; false when it existed. */
export function createExclusive(path: string, text: string): boolean {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  writeFileAtomic(temp, text);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}
