/** `session.log` in the session folder: the readable line with every field and an ISO time. */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import winston from 'winston';
import { readableLine } from './readable-line.js';

export interface SessionLog {
  readonly transport: winston.transport;
  readonly stream: WriteStream;
}

/** Opened at once, so a file that cannot be written is known before the first line; throws then. */
export function openSessionLog(path: string, onError: (error: unknown) => void): SessionLog {
  const stream = createWriteStream(path, { fd: openSync(path, 'a') });
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
