/**
 * Builds the observers of a run from configuration: the log, the live progress line and,
 * when a bot token and chat id are configured, Telegram. The runner calls each one inside a
 * try/catch; none of them throws or holds the loop (Telegram's `onEnd` waits ≤ 6 s).
 *
 * The inspector is not an observer: start it with `startInspector` (src/inspect) and pass its
 * `inspect` to `createActor`. When inspect is on, `run` must end with `process.exit(code)`.
 */

import { createHeartbeatObserver } from '../../log/heartbeat-observer.js';
import { createLogObserver } from '../../log/log-observer.js';
import type { LoggerHandle } from '../../log/logger.js';
import { createProgressObserver } from '../../log/progress-observer.js';
import type { NotifyPlace } from '../../notify/notification.js';
import { createTelegramObserver } from '../../notify/telegram-observer.js';
import { telegramApiBaseOf } from '../../notify/telegram-sender.js';
import type { SessionObserver } from '../../runner/observer.js';
import type { ProviderNames } from '../../runner/provider-switch.js';
import { DEFAULT_VIEW_SETTINGS } from '../../view/view-settings.js';

export interface ObserverSettings {
  readonly sessionName: string;
  /** The `.samocode` path, as the user should type it in the commands we print. */
  readonly configPath: string;
  /** Where the session is and its settings, for the notifications' words (default: the session name and config alone). */
  readonly notify?: NotifyPlace;
  readonly log: LoggerHandle;
  /** Show the progress line / iteration lines (default true). */
  readonly progress?: boolean;
  readonly telegram?: {
    readonly botToken?: string;
    readonly chatId?: string;
    /** Default `TELEGRAM_API_URL` env (or the older `TELEGRAM_API_BASE`), else https://api.telegram.org. */
    readonly apiBase?: string;
  };
  /** Notification keys already sent for this session (read from the session folder). */
  readonly sentNotificationKeys?: Iterable<string>;
  /** Persist a key here before its notification is sent, so a restart never repeats it. */
  readonly onNotificationSending?: (key: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The primary and fallback provider, for the line that says when attempts move between them. */
  readonly providers?: ProviderNames;
  /** Attempts an iteration may take, so the console says `attempt 2 of 3`. */
  readonly maxAttempts?: number;
  /** The primary's escalation model, for the console line of an escalation. */
  readonly escalationModel?: string;
  /** Without a terminal, a line this often while an iteration runs (`SAMOCODE_HEARTBEAT_SECONDS`); 0 = none. */
  readonly heartbeatMs?: number;
}

export function buildObservers(settings: ObserverSettings): SessionObserver[] {
  const { logger, terminal, redact } = settings.log;
  const { maxAttempts } = settings;
  const observers: SessionObserver[] = [
    createLogObserver(logger, {
      ...(maxAttempts ? { maxAttempts } : {}),
      ...(settings.providers ? { providers: settings.providers } : {}),
      ...(settings.escalationModel ? { escalationModel: settings.escalationModel } : {}),
    }),
  ];
  if (settings.progress !== false)
    observers.push(createProgressObserver({ terminal, logger, ...(maxAttempts ? { maxAttempts } : {}) }));
  // On a terminal the live line shows the iteration; elsewhere only these lines do.
  const heartbeatMs = settings.heartbeatMs ?? 0;
  if (settings.progress !== false && !terminal.isTty && heartbeatMs > 0)
    observers.push(
      createHeartbeatObserver({ logger, intervalMs: heartbeatMs, ...(maxAttempts ? { maxAttempts } : {}) }),
    );

  const { botToken, chatId } = settings.telegram ?? {};
  if (botToken && chatId) {
    const env = settings.env ?? process.env;
    observers.push(
      createTelegramObserver({
        target: {
          botToken,
          chatId,
          apiBase: settings.telegram?.apiBase ?? telegramApiBaseOf(env),
        },
        place: settings.notify ?? {
          place: { folder: settings.sessionName, dir: settings.sessionName, configPath: settings.configPath },
          settings: DEFAULT_VIEW_SETTINGS,
        },
        redact,
        ...(settings.sentNotificationKeys ? { sentKeys: settings.sentNotificationKeys } : {}),
        ...(settings.onNotificationSending ? { onSending: settings.onNotificationSending } : {}),
        onResult: (notification, result) => {
          if (result.ok) logger.info(`telegram: sent ${notification.kind} notification`);
          else logger.warn(`telegram: ${notification.kind} notification not sent: ${result.reason}`);
        },
        warn: (message) => logger.warn(message),
      }),
    );
  } else if (botToken || chatId) {
    logger.warn(
      `telegram: ${botToken ? 'TELEGRAM_CHAT_ID' : 'TELEGRAM_BOT_TOKEN'} is not set, so no notifications are sent; set both or neither`,
    );
  }
  return observers;
}
