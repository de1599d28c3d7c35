/**
 * samocode's logger, built on winston: a readable console (colour only on a TTY), the daily
 * rotated JSON file in the log folder and a readable `session.log` in the session folder. Every
 * field is redacted and cleaned once, by the logger's own format, before any transport.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import winston from 'winston';
import { buildSessionPaths, SESSION_FILES } from '../session/paths.js';
import { buildTextCleaner } from '../text/clean-text.js';
import { buildEnvRedactor, type Redact } from '../text/redact.js';
import { cleanFields } from './clean-format.js';
import { createConsoleTransport } from './console-transport.js';
import { resolveLogDir } from './log-dir.js';
import { trackOpenLog } from './open-logs.js';
import { createRotatingTransport, RETENTION, type Retention } from './rotating-transport.js';
import { openSessionLog } from './session-log-transport.js';
import { endAndFlush } from './stream-end.js';
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
  readonly retention?: Partial<Retention>;
  /** The terminal shared with the progress line; default stderr. */
  readonly terminal?: StatusTerminal;
}

export interface LoggerHandle {
  readonly logger: Logger;
  readonly terminal: StatusTerminal;
  readonly redact: Redact;
  /** The rotating log's directory, when enabled. */
  readonly logDir?: string;
  /** Ends every transport and resolves once the files hold every line; later lines go nowhere. */
  close(): Promise<void>;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  const terminal = options.terminal ?? new StatusTerminal(process.stderr, process.stderr.isTTY === true);
  const transports: winston.transport[] = [];
  /** The files under the transports, flushed on close. */
  const files: Array<{ end(callback?: () => void): unknown }> = [];
  // A log file that cannot be written is a warning, never a crash: the run goes on without it.
  const problems: string[] = [];
  const failed = new Set<string>();
  const onFailure = (what: string) => (error: unknown) => {
    if (failed.has(what)) return;
    failed.add(what);
    terminal.printAbove(`samocode: warning: ${what} is no longer written: ${redact(reasonOf(error))}`);
  };

  if (options.console) transports.push(createConsoleTransport(terminal, terminal.isTty && !env.NO_COLOR));

  const logDir = options.logDir === false ? undefined : (options.logDir ?? resolveLogDir(env, homedir()));
  if (logDir !== undefined && canWriteDir(logDir, problems)) {
    const rotating = createRotatingTransport(
      logDir,
      { ...RETENTION, ...options.retention },
      onFailure(`the log in ${logDir}`),
    );
    transports.push(rotating.transport);
    files.push(rotating);
  }

  if (options.sessionDir !== undefined) {
    const path = buildSessionPaths(options.sessionDir).sessionLog;
    try {
      const sessionLog = openSessionLog(path, onFailure(SESSION_FILES.sessionLog));
      transports.push(sessionLog.transport);
      files.push(sessionLog.stream);
    } catch (error) {
      problems.push(`cannot write ${path}, so this run has no session.log: ${reasonOf(error)}`);
    }
  }

  const winstonLogger = winston.createLogger({
    level: options.level,
    format: cleanFields(buildTextCleaner(redact)),
    transports,
    exitOnError: false,
  });
  winstonLogger.on('error', onFailure('a log transport'));

  let isClosed = false;
  const log =
    (level: LogLevel) =>
    (message: string, meta: LogMeta = {}): void => {
      // Meta first: a field named `level` or `message` cannot hide the real ones.
      if (!isClosed) winstonLogger.log({ ...meta, level, message });
    };
  const logger: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
  for (const problem of problems) logger.warn(problem);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      isClosed = true;
      untrack();
      // The logger hands every line to the transports before it finishes; then the files flush.
      await endAndFlush(winstonLogger);
      await Promise.all(files.map(endAndFlush));
    })();
    return closing;
  };
  const untrack = trackOpenLog({ error: (message) => logger.error(message), close });
  return { logger, terminal, redact, ...(logDir !== undefined ? { logDir } : {}), close };
}
