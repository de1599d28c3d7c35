/** A timeout of any length: Node's timers overflow past 2^31 - 1 ms and then fire after 1 ms. */
import { MAX_TIMER_MS } from '../../machines/waits.js';

export interface LongTimer {
  clear(): void;
}

/**
 * Calls `onTime` after `ms`, waiting in chunks that Node's timers can hold.
 *
 * @example
 * const timer = setLongTimeout(() => stop('timeout'), 30 * 86_400_000);
 * timer.clear();
 */
export function setLongTimeout(onTime: () => void, ms: number): LongTimer {
  const due = performance.now() + ms;
  let handle: NodeJS.Timeout;
  const arm = (left: number): void => {
    handle = setTimeout(
      () => {
        const rest = due - performance.now();
        if (rest > 0) arm(rest);
        else onTime();
      },
      Math.min(Math.max(0, left), MAX_TIMER_MS),
    );
  };
  arm(ms);
  return { clear: () => clearTimeout(handle) };
}
