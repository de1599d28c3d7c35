/**
 * The loggers still open in this process, so every way out (a fatal error, a second Ctrl-C) can
 * flush their files before the process ends: a line logged just before an exit is not lost.
 */

export interface OpenLog {
  error(message: string): void;
  /** Resolves once the files hold every line. */
  close(): Promise<void>;
}

const openLogs = new Set<OpenLog>();
let isExiting = false;

/** Registers an open logger; returns what removes it again. */
export function trackOpenLog(log: OpenLog): () => void {
  openLogs.add(log);
  return () => openLogs.delete(log);
}

/**
 * Exits with `code` once every open logger is flushed, `lastWords` (if any) logged as an error
 * first. Only the first call counts: a repeated signal does not cut the flush short.
 */
export function exitAfterLogs(code: number, lastWords?: string): void {
  if (isExiting) return;
  isExiting = true;
  const logs = [...openLogs];
  if (lastWords !== undefined) for (const log of logs) log.error(lastWords);
  void Promise.all(logs.map((log) => log.close())).finally(() => process.exit(code));
}
