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

/** What a command says when a signal stops it, and how it exits on the second one (flushing its logs). */
export interface StopHooks {
  readonly onStop?: (signal: NodeJS.Signals) => void;
  readonly onExit?: (signal: NodeJS.Signals) => void;
}

export function listenForStopSignals(hooks: StopHooks = {}): StopListener {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      if (hooks.onExit) hooks.onExit(signal);
      else process.exit(EXIT.interrupted);
      return;
    }
    hooks.onStop?.(signal);
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
