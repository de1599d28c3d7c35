/**
 * winston setup: a readable console (colour only on a TTY), a daily-rotated JSON file and a
 * readable `session.log` in the session folder. Redaction is a logger-level format, so it runs
 * before every transport and nothing unredacted is ever written.
 */
import { accessSync, constants, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';
import { buildTextCleaner } from '../text/clean-text.js';
import { resolveLogDir } from './log-dir.js';
import { buildEnvRedactor, type Redact, redactDeep } from './redact.js';
import { StatusTerminal } from './terminal.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  readonly logger: winston.Logger;
  readonly terminal: StatusTerminal;
  readonly redact: Redact;
  /** The rotating log's directory, when enabled. */
  readonly logDir?: string;
  /** Flushes and closes every file transport, so the process can exit. */
  close(): Promise<void>;
}

const RETENTION = { maxFiles: '14d', maxSize: '20m' } as const;
const CLOSE_CAP_MS = 3_000;

/** Redacts secrets and neutralises control characters in every field, before any transport (or colour). */
const redactFormat = (redact: Redact) =>
  winston.format((info) => {
    const clean = buildTextCleaner(redact);
    for (const key of Object.keys(info)) info[key] = redactDeep(info[key], clean);
    return info;
  });

/** `time level message {meta}`; the console shows meta only on warnings and errors. */
const readableLine = (metaAlways: boolean) =>
  winston.format.printf((info) => {
    const { level, message, timestamp, ...meta } = info;
    const showMeta = metaAlways || /warn|error/.test(level);
    const rest = showMeta && Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
    return `${String(timestamp)} ${level} ${String(message)}${rest}`;
  });

function untilFinished(emitter: NodeJS.EventEmitter, end: () => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, CLOSE_CAP_MS);
    timer.unref();
    for (const name of ['finish', 'close', 'error']) emitter.once(name, done);
    end();
  });
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function openForAppend(path: string, problems: string[]): number | undefined {
  try {
    return openSync(path, 'a');
  } catch (error) {
    problems.push(`cannot write ${path}, so this run has no session.log: ${reasonOf(error)}`);
    return undefined;
  }
}

export function createLogger(options: LoggerOptions): LoggerHandle {
  const env = options.env ?? process.env;
  const redact = buildEnvRedactor(env);
  const terminal = options.terminal ?? new StatusTerminal(process.stderr, process.stderr.isTTY === true);
  const transports: winston.transport[] = [];
  const closers: Array<() => Promise<void>> = [];
  // A log file that cannot be written is a warning, never a crash: the run goes on without it.
  const problems: string[] = [];
  const failed = new Set<string>();
  const onFailure = (what: string) => (error: unknown) => {
    if (failed.has(what)) return;
    failed.add(what);
    terminal.printAbove(`samocode: warning: ${what} is no longer written: ${redact(reasonOf(error))}`);
  };

  if (options.console) {
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        terminal.printAbove(String(chunk));
        callback();
      },
    });
    const colour = terminal.isTty && !env.NO_COLOR ? [winston.format.colorize()] : [];
    transports.push(
      new winston.transports.Stream({
        stream: sink,
        format: winston.format.combine(
          ...colour,
          winston.format.timestamp({ format: 'HH:mm:ss' }),
          readableLine(false),
        ),
      }),
    );
  }

  const logDir = options.logDir === false ? undefined : (options.logDir ?? resolveLogDir(env, homedir()));
  const canWriteDir = (dir: string): boolean => {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      return true;
    } catch (error) {
      problems.push(`cannot write the log folder ${dir}, so there is no rotating log: ${reasonOf(error)}`);
      return false;
    }
  };
  if (logDir !== undefined && canWriteDir(logDir)) {
    const rotating = new DailyRotateFile({
      dirname: logDir,
      filename: 'samocode-%DATE%.log',
      datePattern: 'YYYY-MM-DD',
      ...RETENTION,
      ...options.retention,
      auditFile: join(logDir, '.samocode-audit.json'),
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    });
    rotating.on('error', onFailure(`the log in ${logDir}`));
    transports.push(rotating);
    closers.push(() => untilFinished(rotating, () => rotating.close?.()));
  }

  const sessionFd =
    options.sessionDir === undefined
      ? undefined
      : openForAppend(join(options.sessionDir, 'session.log'), problems);
  if (sessionFd !== undefined) {
    const stream = createWriteStream('', { fd: sessionFd });
    stream.on('error', onFailure('session.log'));
    transports.push(
      new winston.transports.Stream({
        stream,
        format: winston.format.combine(winston.format.timestamp(), readableLine(true)),
      }),
    );
    closers.push(() => untilFinished(stream, () => stream.end()));
  }

  const logger = winston.createLogger({
    level: options.level,
    format: redactFormat(redact)(),
    transports,
    exitOnError: false,
  });
  logger.on('error', onFailure('a log transport'));
  for (const problem of problems) logger.warn(problem);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await untilFinished(logger, () => logger.end());
      await Promise.all(closers.map((closeOne) => closeOne()));
    })();
    return closing;
  };
  return { logger, terminal, redact, ...(logDir !== undefined ? { logDir } : {}), close };
}
