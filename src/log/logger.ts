/**
 * samocode's logger: a readable console (colour only on a TTY), a day- and size-rotated JSON file
 * in the log folder and a readable `session.log` in the session folder. Every field is redacted
 * and cleaned once, before any output, so nothing unredacted is ever written. Our own code rather
 * than winston: winston and its rotating file cost ~12 MB of RSS and ~100 ms of start-up on every
 * run for the three lines per iteration written here.
 */
import { accessSync, closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { buildSessionPaths, SESSION_FILES } from '../session/paths.js';
import { buildTextCleaner } from '../text/clean-text.js';
import { resolveLogDir } from './log-dir.js';
import { buildEnvRedactor, type Redact, redactDeep } from './redact.js';
import { openRotatingFile, parseDays, parseSize, type RotatingFile } from './rotating-file.js';
import { StatusTerminal } from './terminal.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogMeta = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
}

export interface LoggerOptions {
  /** Adds `<sessionDir>/session.log`. */
  readonly sessionDir?: string;
  /** Directory of the rotating JSON log; default from `resolveLogDir`. `false` disables it. */
  readonly logDir?: string | false;
  /** Print to the terminal (stderr by default); coloured on a TTY unless `NO_COLOR` is set. */
  readonly console: boolean;
  readonly level: LogLevel;
  /** Where secrets are looked up; default `process.env` (read once, now). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Rotation limits of the JSON log (default 14 days, 20 MB per file). */
  readonly retention?: { readonly maxFiles?: string; readonly maxSize?: string };
  /** The terminal shared with the progress line; default stderr. */
  readonly terminal?: StatusTerminal;
}

export interface LoggerHandle {
  readonly logger: Logger;
  readonly terminal: StatusTerminal;
  readonly redact: Redact;
  /** The rotating log's directory, when enabled. */
  readonly logDir?: string;
  /** Closes the files (every line is already written); later lines go nowhere. */
  close(): Promise<void>;
}

const RETENTION = { maxFiles: '14d', maxSize: '20m' } as const;

/** The colours winston used for its levels, so a TTY looks as it did. */
const LEVEL_COLOUR: Readonly<Record<LogLevel, number>> = { error: 31, warn: 33, info: 32, debug: 34 };

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** JSON of cleaned data, whatever it holds: a cycle (or a second reference) and a bigint are written as text. */
function toJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (item === null || typeof item !== 'object') return item;
      if (seen.has(item)) return '[circular]';
      seen.add(item);
      return item;
    }) ?? 'null'
  );
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const clockTime = (date: Date) =>
  `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;

/** ` {"k":"v"}` or nothing. */
const metaText = (meta: Readonly<Record<string, unknown>>): string =>
  Object.keys(meta).length > 0 ? ` ${toJson(meta)}` : '';

interface Sink {
  write(level: LogLevel, message: string, meta: Readonly<Record<string, unknown>>, at: Date): void;
  close(): void;
}

function openSessionLog(
  path: string,
  onError: (error: unknown) => void,
  problems: string[],
): Sink | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    problems.push(`cannot write ${path}, so this run has no session.log: ${reasonOf(error)}`);
    return undefined;
  }
  return {
    write(level, message, meta, at) {
      if (fd === undefined) return;
      try {
        const bytes = Buffer.from(`${at.toISOString()} ${level} ${message}${metaText(meta)}\n`, 'utf8');
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      } catch (error) {
        const broken = fd;
        fd = undefined;
        closeQuietly(broken);
        onError(error);
      }
    },
    close() {
      if (fd !== undefined) closeQuietly(fd);
      fd = undefined;
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing left to write to it.
  }
}

function rotatingSink(file: RotatingFile): Sink {
  return {
    write(level, message, meta, at) {
      // Meta first: a field named `level` or `message` cannot hide the real ones.
      file.write(`${toJson({ ...meta, level, message, timestamp: at.toISOString() })}\n`);
    },
    close: () => file.close(),
  };
}

function consoleSink(terminal: StatusTerminal, colour: boolean): Sink {
  return {
    write(level, message, meta, at) {
      // Meta only on warnings and errors: the files have it all.
      const shown = level === 'warn' || level === 'error' ? metaText(meta) : '';
      const name = colour ? `\u001b[${LEVEL_COLOUR[level]}m${level}\u001b[39m` : level;
      terminal.printAbove(`${clockTime(at)} ${name} ${message}${shown}`);
    },
    close: () => undefined,
  };
}

function canWriteDir(dir: string, problems: string[]): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch (error) {
    problems.push(`cannot write the log folder ${dir}, so there is no rotating log: ${reasonOf(error)}`);
    return false;
  }
}

export function createLogger(options: LoggerOptions): LoggerHandle {
  const env = options.env ?? process.env;
  const redact = buildEnvRedactor(env);
  const clean = buildTextCleaner(redact);
  const terminal = options.terminal ?? new StatusTerminal(process.stderr, process.stderr.isTTY === true);
  const sinks: Sink[] = [];
  // A log file that cannot be written is a warning, never a crash: the run goes on without it.
  const problems: string[] = [];
  const onFailure = (what: string) => (error: unknown) => {
    terminal.printAbove(`samocode: warning: ${what} is no longer written: ${redact(reasonOf(error))}`);
  };

  if (options.console) sinks.push(consoleSink(terminal, terminal.isTty && !env.NO_COLOR));

  const logDir = options.logDir === false ? undefined : (options.logDir ?? resolveLogDir(env, homedir()));
  if (logDir !== undefined && canWriteDir(logDir, problems)) {
    const retention = { ...RETENTION, ...options.retention };
    sinks.push(
      rotatingSink(
        openRotatingFile({
          dir: logDir,
          maxBytes: parseSize(retention.maxSize),
          maxDays: parseDays(retention.maxFiles),
          onError: onFailure(`the log in ${logDir}`),
        }),
      ),
    );
  }

  if (options.sessionDir !== undefined) {
    const sessionLog = buildSessionPaths(options.sessionDir).sessionLog;
    const sink = openSessionLog(sessionLog, onFailure(SESSION_FILES.sessionLog), problems);
    if (sink !== undefined) sinks.push(sink);
  }

  const threshold = LOG_LEVELS.indexOf(options.level);
  let isClosed = false;
  const log =
    (level: LogLevel) =>
    (message: string, meta: LogMeta = {}): void => {
      if (isClosed || LOG_LEVELS.indexOf(level) > threshold) return;
      // Redacted and cleaned once, before any sink (an Error becomes its redacted stack).
      const cleanMessage = clean(message);
      const cleanMeta = redactDeep(meta, clean);
      const fields = cleanMeta !== null && typeof cleanMeta === 'object' ? { ...cleanMeta } : {};
      const at = new Date();
      for (const sink of sinks) sink.write(level, cleanMessage, fields, at);
    };
  const logger: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
  for (const problem of problems) logger.warn(problem);

  const close = async (): Promise<void> => {
    if (isClosed) return;
    isClosed = true;
    for (const sink of sinks) sink.close();
  };
  return { logger, terminal, redact, ...(logDir !== undefined ? { logDir } : {}), close };
}
