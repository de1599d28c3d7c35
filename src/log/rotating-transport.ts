/**
 * The daily JSON log in the log folder, by winston-daily-rotate-file: `samocode-YYYY-MM-DD.log`
 * by local date, `.1`, `.2` … past the size cap, and files older than the retention removed
 * (by the library's audit file, `.samocode-audit.json` in the same folder).
 */
import { join } from 'node:path';
import winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';

export interface Retention {
  /** Days (`14d`) or a number of files. */
  readonly maxFiles: string;
  /** `20m`, `512k` … */
  readonly maxSize: string;
}

export const RETENTION: Retention = { maxFiles: '14d', maxSize: '20m' };

export interface RotatingLog {
  readonly transport: DailyRotateFile;
  /** Ends the log; calls back once every file it wrote, rotated-out ones too, holds its lines. */
  end(callback: () => void): void;
}

export function createRotatingTransport(
  dir: string,
  retention: Retention,
  onError: (error: unknown) => void,
): RotatingLog {
  const transport = new DailyRotateFile({
    dirname: dir,
    filename: 'samocode-%DATE%.log',
    datePattern: 'YYYY-MM-DD',
    maxFiles: retention.maxFiles,
    maxSize: retention.maxSize,
    auditFile: join(dir, '.samocode-audit.json'),
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  });
  const stream = transport.logStream;
  // The library emits file errors on its stream only; unheard, one would crash the run.
  stream.on('error', onError);
  // At a rotation the library ends the old file's stream and opens the next; ending the log ends
  // only the current one, while the old file may still be writing its last lines. So the end
  // waits for a 'finish' (bubbled up from each file's stream) from every file opened, and calls
  // back at once when all have come: winston ends the current file itself when the logger ends.
  let opened = 1;
  let finished = 0;
  let onAllFinished: (() => void) | undefined;
  const callBackIfDone = (): void => {
    if (finished < opened || onAllFinished === undefined) return;
    const callback = onAllFinished;
    onAllFinished = undefined;
    callback();
  };
  stream.on('rotate', () => {
    opened += 1;
  });
  stream.on('finish', () => {
    finished += 1;
    callBackIfDone();
  });
  const end = (callback: () => void): void => {
    onAllFinished = callback;
    stream.end();
    callBackIfDone();
  };
  return { transport, end };
}
