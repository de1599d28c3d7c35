export {
  buildNotification,
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  type NotifyPlace,
} from './notification.js';
export { clip, escapeHtml, quoteShellWord } from './telegram-html.js';
export {
  createTelegramObserver,
  type TelegramObserver,
  type TelegramObserverOptions,
} from './telegram-observer.js';
export {
  isRetryableSendError,
  type SendOptions,
  type SendResult,
  sendTelegramMessage,
  TELEGRAM_API_BASE,
  type TelegramTarget,
} from './telegram-sender.js';
