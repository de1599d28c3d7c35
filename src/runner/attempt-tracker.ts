/**
 * The runner's side of the provider seam: counts the attempts in flight (a stopped run waits for
 * them to report their end, their processes reaped), keeps their reports until the machine says
 * which iteration they belong to, and forwards progress and ends to the observers.
 */
import { describeImpossibleFigure } from '../providers/stream-figures.js';
import type { AttemptReport, LogWriteError, ProviderObserver } from '../providers/types.js';
import { notifyObservers } from './notify-observers.js';
import type { SessionObserver } from './observer.js';

export interface AttemptTracker {
  /** What the provider actor reports to. */
  readonly observer: ProviderObserver;
  /** The reports since the last call, for the history row of the iteration that just ended. */
  take(): AttemptReport[];
  /** Waits up to `ms` for the attempts in flight to report their end; at once when none are. */
  settle(ms: number): Promise<void>;
}

export function trackAttempts(
  observers: readonly SessionObserver[],
  warn: (message: string) => void,
  onLogWriteError: (error: LogWriteError) => void,
): AttemptTracker {
  const reports: AttemptReport[] = [];
  // A CLI that sends an impossible figure sends it every attempt: one warning per field and run.
  const warnedFigures = new Set<string>();
  const warnImpossible = (report: AttemptReport): void => {
    for (const figure of report.impossible ?? []) {
      const key = `${report.provider} ${figure.field}`;
      if (warnedFigures.has(key)) continue;
      warnedFigures.add(key);
      warn(describeImpossibleFigure(report.provider, figure));
    }
  };
  let inFlight = 0;
  let onSettled: () => void = () => undefined;
  const observer: ProviderObserver = {
    onAttemptStart: () => {
      inFlight += 1;
    },
    onProgress: (progress) => notifyObservers(observers, 'onProgress', progress, warn),
    onAttemptEnd: (report) => {
      if (report.logWriteError) onLogWriteError(report.logWriteError);
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight === 0) onSettled();
      reports.push(report);
      warnImpossible(report);
      notifyObservers(observers, 'onAttemptEnd', report, warn);
    },
  };
  return {
    observer,
    take: () => reports.splice(0),
    settle: (ms) =>
      inFlight === 0 || ms <= 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms);
            onSettled = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
  };
}
