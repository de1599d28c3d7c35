/**
 * The agent's `_signal.json`: removed before each attempt, read after it. Read safely: a symlink
 * is not followed, only a regular file is read (a FIFO would block forever), and at most the cap
 * plus one byte is read. Anything else is a problem the run reports as an invalid signal.
 * Synchronous: a few small calls on a local file cost less than the thread-pool hand-offs of
 * their async forms, once per attempt.
 */
import { closeSync, constants, fstatSync, openSync, readSync, rmSync } from 'node:fs';
import { MAX_SIGNAL_BYTES } from '../../machines/signal.js';
import { buildSessionPaths } from '../session/paths.js';

export function signalPathOf(sessionDir: string): string {
  return buildSessionPaths(sessionDir).signal;
}

export function removeSignalFile(sessionDir: string): void {
  rmSync(signalPathOf(sessionDir), { force: true });
}

/** The file's text, or why it cannot be a signal (`problem`); undefined when there is none. */
export type SignalRead = { readonly text: string } | { readonly problem: string };

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function codeOf(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  return 'a device or special file';
}

export function readSignalFile(sessionDir: string): SignalRead | undefined {
  let fd: number;
  try {
    fd = openSync(signalPathOf(sessionDir), OPEN_FLAGS);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    if (codeOf(error) === 'ELOOP')
      return {
        problem: '_signal.json is a symbolic link; samocode reads only a regular file the agent wrote',
      };
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      return {
        problem: `_signal.json is ${kindOf(stat)}, not a regular file; samocode reads only a regular file`,
      };
    const buffer = Buffer.alloc(MAX_SIGNAL_BYTES + 1);
    let filled = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled > MAX_SIGNAL_BYTES)
      return { problem: `_signal.json is over ${MAX_SIGNAL_BYTES} bytes, the limit; it was not read` };
    return { text: buffer.subarray(0, filled).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
