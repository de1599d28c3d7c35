/**
 * The heartbeat: without a terminal (a run in the background, under cron, started by an agent),
 * a line every so often while an iteration runs, so `tail -f session.log` shows life between
 * "started" and "ended". On a terminal the live progress line does this instead.
 */
import type { Progress } from '../providers/types.js';
import type { SessionObserver } from '../runner/observer.js';
import type { Logger } from './logger.js';
import { type LastTool, renderHeartbeat } from './progress-line.js';

/** Starts a repeating beat; returns what stops it. The default is an unref'd `setInterval`. */
export type ScheduleBeat = (beat: () => void, intervalMs: number) => () => void;

const everyInterval: ScheduleBeat = (beat, intervalMs) => {
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
};

export interface HeartbeatObserverOptions {
  readonly logger: Logger;
  /** Between two lines; 0 turns the heartbeat off. */
  readonly intervalMs: number;
  /** Attempts an iteration may take, for `attempt 2 of 3`. */
  readonly maxAttempts?: number;
  readonly now?: () => number;
  readonly schedule?: ScheduleBeat;
}

export function createHeartbeatObserver(options: HeartbeatObserverOptions): SessionObserver {
  const { logger, intervalMs, maxAttempts } = options;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? everyInterval;
  let current: Progress | undefined;
  let lastTool: LastTool | undefined;
  let stop: (() => void) | undefined;

  const beat = () => {
    if (current) logger.info(renderHeartbeat(current, now(), lastTool, maxAttempts));
  };
  const end = () => {
    stop?.();
    stop = undefined;
    current = undefined;
    lastTool = undefined;
  };

  return {
    onProgress(progress) {
      if (intervalMs <= 0) return;
      const isNew =
        current === undefined ||
        current.iteration !== progress.iteration ||
        current.attempt !== progress.attempt;
      if (isNew) end();
      if (progress.toolCalls > (isNew ? 0 : (current?.toolCalls ?? 0)))
        lastTool = { name: progress.lastTool ?? 'a tool', at: now() };
      current = progress;
      stop ??= schedule(beat, intervalMs);
    },
    onAttemptEnd: end,
    onEnd: end,
  };
}
