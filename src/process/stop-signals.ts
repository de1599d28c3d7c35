/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP as an abort: the first ends what is running (each child's
 * group with it) so the command can stop cleanly; a second exits at once, and the exit hook of
 * `process-group.ts` SIGKILLs whatever is still alive. Without a handler Node would die at once
 * and leave our detached children running.
 */
import { EXIT } from '../exit-codes.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface StopListener {
  readonly signal: AbortSignal;
  /** Stops listening (the command is over). */
  dispose(): void;
}

export function listenForStopSignals(): StopListener {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort();
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
    },
  };
}
