export {
  type AnnouncedGate,
  type AnnounceGateInput,
  announceGate,
  type SettleGateInput,
  settleGate,
} from './announce-gate.js';
export { type BotApiFailure, type BotApiResult, classifyApiAnswer, renderFailure } from './api-outcome.js';
export { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';
export {
  type AnswerCallbackParams,
  type BotApiClient,
  type BotApiOptions,
  createBotApiClient,
  DEFAULT_API_BASE,
  type EditMessageParams,
  type GetUpdatesParams,
  type SendMessageParams,
  type UpdateBatch,
} from './bot-api-client.js';
export type { CallbackQuery, InlineButton, TelegramMessage, TelegramUser, Update } from './bot-api-schema.js';
export {
  buildCallbackData,
  buildGateButtons,
  parseCallbackData,
  resolvePress,
  resolveReply,
} from './gate-buttons.js';
export {
  buildDecidedMessage,
  buildGateMessage,
  buildStoppedMessage,
  type GateMessageInput,
} from './gate-message.js';
export { type HandledUpdate, handleUpdate, type UpdateHandlerContext } from './handle-update.js';
export {
  type KnownGate,
  type PollerState,
  readPollerState,
  rememberGates,
  writePollerState,
} from './poller-state.js';
export { buildWho, type ReplyTarget, type Route, type RouteContext, routeUpdate } from './route-update.js';
export {
  buildGateKey,
  buildTelegramStatePaths,
  buildWaitingPath,
  resolveStateRoot,
  type TelegramStatePaths,
} from './state-paths.js';
export {
  type PollerEvent,
  renderPollerEvent,
  startTelegramPoller,
  type TelegramPoller,
  type TelegramPollerOptions,
} from './telegram-poller.js';
export {
  resolveTelegramSettings,
  type TelegramSettings,
  type TelegramSettingsResult,
} from './telegram-settings.js';
export {
  type Registration,
  type RegistrationInput,
  type RegistrationList,
  RegistrationSchema,
  readRegistrations,
  registerWaiting,
  removeWaiting,
} from './waiting-registry.js';
