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

export function createRotatingTransport(
  dir: string,
  retention: Retention,
  onError: (error: unknown) => void,
): DailyRotateFile {
  const transport = new DailyRotateFile({
    dirname: dir,
    filename: 'samocode-%DATE%.log',
    datePattern: 'YYYY-MM-DD',
    maxFiles: retention.maxFiles,
    maxSize: retention.maxSize,
    auditFile: join(dir, '.samocode-audit.json'),
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  });
  // The library emits file errors on its stream only; unheard, one would crash the run.
  transport.logStream.on('error', onError);
  return transport;
}
