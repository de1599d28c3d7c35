/** `session.log` in the session folder: the readable line with every field and an ISO time. */
import { closeSync, constants, createWriteStream, fstatSync, openSync, type WriteStream } from 'node:fs';
import winston from 'winston';
import { SYMLINK_REFUSAL, toNotRegularRefusal } from '../session/read-session-file.js';
import { readableLine } from './readable-line.js';

// Never through a link, never blocking on a FIFO (with no reader, opening one fails at once).
const APPEND_FLAGS =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** A regular file opened for appending; anything else in its place is an error in words. */
function openForAppend(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, APPEND_FLAGS, 0o644);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ELOOP') throw new Error(`session.log ${SYMLINK_REFUSAL.problem}`);
    if (code === 'ENXIO') throw new Error('session.log is a FIFO (named pipe), not a regular file');
    throw error;
  }
  const stat = fstatSync(fd);
  if (stat.isFile()) return fd;
  closeSync(fd);
  throw new Error(`session.log ${toNotRegularRefusal(stat).problem}`);
}

export interface SessionLog {
  readonly transport: winston.transport;
  readonly stream: WriteStream;
}

/** Opened at once, so a file that cannot be written is known before the first line; throws then. */
export function openSessionLog(path: string, onError: (error: unknown) => void): SessionLog {
  const stream = createWriteStream(path, { fd: openForAppend(path) });
  stream.on('error', onError);
  const transport = new winston.transports.Stream({
    stream,
    format: winston.format.combine(
      winston.format.timestamp(),
      readableLine(() => true),
    ),
  });
  return { transport, stream };
}
