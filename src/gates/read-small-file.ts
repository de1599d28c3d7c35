/**
 * Reads a small regular file that another process or a person may have put there. A FIFO, a
 * device, a symlink or a folder is refused without blocking (the open is non-blocking and does not
 * follow links); a file over the size limit is refused unread.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type SmallFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'refused'; readonly reason: string };

const codeOf = (error: unknown): string =>
  error instanceof Error && 'code' in error ? String(error.code) : '';

export function readSmallFile(path: string, maxBytes: number): SmallFileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'refused', reason: `${path} is a symbolic link, not a file` };
    return { kind: 'refused', reason: `cannot open ${path} (${code || String(error)})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'refused', reason: `${path} is not a regular file` };
    if (stat.size > maxBytes)
      return {
        kind: 'refused',
        reason: `${path} holds ${stat.size} bytes, more than the ${maxBytes} allowed`,
      };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes)
        return { kind: 'refused', reason: `${path} grew past the ${maxBytes} bytes allowed while read` };
    }
    return { kind: 'text', text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return { kind: 'refused', reason: `cannot read ${path} (${codeOf(error) || String(error)})` };
  } finally {
    closeSync(fd);
  }
}
