/** Calls every observer; one that throws is reported as a warning and never breaks the loop. */
import type { RunEnd, SessionObserver } from './observer.js';

type SyncHook = 'onTransition' | 'onProgress' | 'onAttemptEnd';
type ArgOf<K extends SyncHook> = Parameters<NonNullable<SessionObserver[K]>>[0];

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function notifyObservers<K extends SyncHook>(
  observers: readonly SessionObserver[],
  hook: K,
  arg: ArgOf<K>,
  warn: (message: string) => void,
): void {
  for (const observer of observers) {
    try {
      const fn = observer[hook] as ((value: ArgOf<K>) => void) | undefined;
      fn?.call(observer, arg);
    } catch (error) {
      warn(`an observer failed in ${hook}: ${reasonOf(error)}`);
    }
  }
}

export async function notifyObserversAsync(
  observers: readonly SessionObserver[],
  end: RunEnd,
  warn: (message: string) => void,
): Promise<void> {
  for (const observer of observers) {
    try {
      await observer.onEnd?.(end);
    } catch (error) {
      warn(`an observer failed in onEnd: ${reasonOf(error)}`);
    }
  }
}
