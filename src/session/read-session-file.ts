/**
 * Reads a file of a session folder without trusting it: a symbolic link is not followed, opening
 * never blocks (`O_NONBLOCK`: a FIFO with no writer opens at once), only a regular file is read
 * (checked with `fstat` on the opened descriptor, so nothing can be swapped in between), and never
 * more than a cap. Whatever else is found there is a `problem` in words, never a hang or a huge read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** The file's text; `skippedBytes` > 0 when only its tail was read. */
export interface SessionFileText {
  readonly text: string;
  readonly size: number;
  readonly skippedBytes: number;
}

/** Why a file was not read: `problem` follows the file's name in a sentence, `what` names what was found. */
export interface SessionFileRefusal {
  readonly problem: string;
  readonly what: string;
}

export type SessionFileRead = SessionFileText | SessionFileRefusal | undefined;

/** An opened regular file: its descriptor (the caller closes it) and size. */
export interface OpenedSessionFile {
  readonly fd: number;
  readonly size: number;
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

const codeOf = (error: unknown): unknown =>
  error instanceof Error && 'code' in error ? error.code : undefined;

const SYMLINK = 'a symbolic link';

/** Why a symlink in a session folder is not read or written through. */
export const SYMLINK_REFUSAL: SessionFileRefusal = {
  problem: `is ${SYMLINK}; samocode reads and writes only regular files there`,
  what: SYMLINK,
};

/** Why a FIFO, a device or a folder in place of a session file is not read or written. */
export function toNotRegularRefusal(stat: Stats): SessionFileRefusal {
  const what = kindOf(stat);
  return {
    problem: `is ${what}, not a regular file; samocode reads and writes only regular files there`,
    what,
  };
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** `300.0 MB`, `12.5 KB`, `17 bytes`. */
export function renderBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Opens `path` for reading if it is a regular file; `undefined` when it does not exist. Other
 * failures (permissions) are thrown as they are.
 */
export function openSessionFile(path: string): OpenedSessionFile | SessionFileRefusal | undefined {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    if (codeOf(error) === 'ELOOP') return SYMLINK_REFUSAL;
    throw error;
  }
  const stat = fstatSync(fd);
  if (stat.isFile()) return { fd, size: stat.size };
  closeSync(fd);
  return toNotRegularRefusal(stat);
}

function readAt(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

/** The whole file when it is at most `maxBytes`; a larger one is a problem and is not read. */
export function readSessionFile(path: string, maxBytes: number): SessionFileRead {
  const opened = openSessionFile(path);
  if (opened === undefined || 'problem' in opened) return opened;
  try {
    if (opened.size > maxBytes)
      return {
        problem: `is ${renderBytes(opened.size)}, more than the ${renderBytes(maxBytes)} samocode ever writes there; it was not read`,
        what: `a file of ${renderBytes(opened.size)}`,
      };
    // One byte more than the cap tells a file that grew since fstat from one that did not.
    const bytes = readAt(opened.fd, maxBytes + 1, 0);
    if (bytes.length > maxBytes)
      return {
        problem: `grew past ${renderBytes(maxBytes)} while it was read; it was not read`,
        what: `a file growing past ${renderBytes(maxBytes)}`,
      };
    return { text: bytes.toString('utf8'), size: bytes.length, skippedBytes: 0 };
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * The last `maxBytes` of the file, starting after the first newline in them when the file is
 * longer (so no partial line is returned); `skippedBytes` says how much was left unread.
 */
export function readSessionFileTail(path: string, maxBytes: number): SessionFileRead {
  const opened = openSessionFile(path);
  if (opened === undefined || 'problem' in opened) return opened;
  try {
    const start = Math.max(0, opened.size - maxBytes);
    const bytes = readAt(opened.fd, opened.size - start, start);
    if (start === 0) return { text: bytes.toString('utf8'), size: opened.size, skippedBytes: 0 };
    const firstLineEnd = bytes.indexOf(0x0a);
    const whole = firstLineEnd < 0 ? bytes.subarray(bytes.length) : bytes.subarray(firstLineEnd + 1);
    return {
      text: whole.toString('utf8'),
      size: opened.size,
      skippedBytes: opened.size - whole.length,
    };
  } finally {
    closeSync(opened.fd);
  }
}
