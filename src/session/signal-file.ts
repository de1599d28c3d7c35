/** `_signal.json`: read with a size cap, delete before every spawn. */
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { MAX_SIGNAL_BYTES } from '../../machines/signal.js';

/**
 * The file's contents, or `undefined` when there is none. At most MAX_SIGNAL_BYTES + 1 bytes
 * are read, so an oversized file still reaches `toSignalEvent` as oversized without being loaded.
 */
export function readSignalFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(MAX_SIGNAL_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function removeSignalFile(path: string): void {
  rmSync(path, { force: true });
}
