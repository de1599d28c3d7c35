/**
 * The live progress observer: on a TTY one status line per iteration, refreshed every second;
 * elsewhere a plain log line when an iteration starts and ends. The run summary at the end.
 */

import type { AttemptReport, Progress } from '../providers/types.js';
import type { SessionObserver } from '../runner/observer.js';
import type { Logger } from './logger.js';
import {
  renderIterationEnd,
  renderIterationStart,
  renderProgressLine,
  renderRetryNotice,
} from './progress-line.js';
import { buildRunSummary, renderRunSummary } from './run-summary.js';
import type { StatusTerminal } from './terminal.js';

export interface ProgressObserverOptions {
  readonly terminal: StatusTerminal;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Refresh period of the TTY line; 0 disables the timer. */
  readonly tickMs?: number;
  /** Attempts an iteration may take, for `attempt 2 of 3`. */
  readonly maxAttempts?: number;
}

export function createProgressObserver(options: ProgressObserverOptions): SessionObserver {
  const { terminal, logger } = options;
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? 1_000;
  const { maxAttempts } = options;
  const reports: AttemptReport[] = [];
  let current: Progress | undefined;
  let timer: NodeJS.Timeout | undefined;

  const redraw = () => {
    if (current) terminal.showStatus(renderProgressLine(current, now(), maxAttempts));
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return {
    onProgress(progress) {
      const isNew =
        current === undefined ||
        current.iteration !== progress.iteration ||
        current.attempt !== progress.attempt;
      const retry = progress.retry;
      const isNewRetry =
        retry !== undefined &&
        (isNew || current?.retry?.attempt !== retry.attempt || current.retry.reason !== retry.reason);
      current = progress;
      if (isNew && !terminal.isTty) logger.info(renderIterationStart(progress, maxAttempts));
      if (isNewRetry) logger.warn(renderRetryNotice({ ...progress, retry }, maxAttempts));
      if (!terminal.isTty) return;
      redraw();
      if (timer === undefined && tickMs > 0) {
        timer = setInterval(redraw, tickMs);
        timer.unref();
      }
    },
    onAttemptEnd(report) {
      reports.push(report);
      stopTimer();
      current = undefined;
      terminal.clearStatus();
      logger.info(renderIterationEnd(report, maxAttempts));
    },
    onEnd() {
      stopTimer();
      terminal.clearStatus();
      if (reports.length > 0) logger.info(renderRunSummary(buildRunSummary(reports)));
    },
  };
}
