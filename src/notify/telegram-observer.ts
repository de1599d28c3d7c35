/**
 * The Telegram observer: builds a notification from each transition and sends it in the
 * background (fire-and-track), so the loop never waits on the network. `onEnd` waits for sends
 * still in flight, at most `endCapMs`. A key is marked sent before the send (at most once), so
 * a phase run repeated after a crash-restart does not notify twice; a human event resets them.
 */

import type { SessionObserver } from '../runner/observer.js';
import type { Redact } from '../text/redact.js';
import { buildNotification, type Notification, type NotifyPlace } from './notification.js';
import {
  type SendOptions,
  type SendResult,
  sendTelegramMessage,
  type TelegramTarget,
} from './telegram-sender.js';

export interface TelegramObserverOptions {
  readonly target: TelegramTarget;
  readonly place: NotifyPlace;
  readonly redact: Redact;
  /** Keys already sent by an earlier run of this session (persisted by the runner). */
  readonly sentKeys?: Iterable<string>;
  /** Called with a key just before its message is sent; persist it to survive a restart. */
  readonly onSending?: (key: string) => void;
  /** Called with every outcome; a failure should become a warning in the log. */
  readonly onResult?: (notification: Notification, result: SendResult) => void;
  /** A problem that is not a send result (a bug); logged as a warning. */
  readonly warn?: (message: string) => void;
  readonly send?: SendOptions;
  readonly endCapMs?: number;
  readonly now?: () => number;
}

export interface TelegramObserver extends SessionObserver {
  /** Resolves when every send in flight has settled (or after `capMs`). */
  flush(capMs: number): Promise<void>;
}

export function createTelegramObserver(options: TelegramObserverOptions): TelegramObserver {
  const sent = new Set(options.sentKeys ?? []);
  const inFlight = new Set<Promise<void>>();
  const now = options.now ?? Date.now;

  const flush = async (capMs: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, capMs);
    });
    await Promise.race([Promise.allSettled([...inFlight]).then(() => undefined), cap]);
    clearTimeout(timer);
  };

  return {
    onTransition(info) {
      // A human event (`resume`, `approve`) starts a new episode: the same park may notify again.
      if (info.event.type === 'resume' || info.event.type === 'approve') sent.clear();
      try {
        const notification = buildNotification(info, options.place, options.redact, now());
        if (notification === undefined || sent.has(notification.key)) return;
        sent.add(notification.key);
        options.onSending?.(notification.key);
        const job = sendTelegramMessage(options.target, notification.text, options.send).then((result) =>
          options.onResult?.(notification, result),
        );
        const tracked = job.catch(() => undefined).finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      } catch (error) {
        options.warn?.(`telegram: could not build a notification: ${options.redact(String(error))}`);
      }
    },
    onEnd() {
      return flush(options.endCapMs ?? 6_000);
    },
    flush,
  };
}
