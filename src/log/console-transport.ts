/** The console: readable lines above the live status line, the level coloured on a TTY unless `NO_COLOR`. */
import { Writable } from 'node:stream';
import winston from 'winston';
import { readableLine } from './readable-line.js';
import type { StatusTerminal } from './terminal.js';

/** Meta only on warnings and errors: the files have it all. */
const isWarningOrError = (level: string): boolean => /warn|error/.test(level);

export function createConsoleTransport(terminal: StatusTerminal, isColoured: boolean): winston.transport {
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      terminal.printAbove(String(chunk));
      callback();
    },
  });
  return new winston.transports.Stream({
    stream: sink,
    format: winston.format.combine(
      ...(isColoured ? [winston.format.colorize()] : []),
      winston.format.timestamp({ format: 'HH:mm:ss' }),
      readableLine(isWarningOrError),
    ),
  });
}
