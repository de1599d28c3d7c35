/**
 * Two-way Telegram for `run --wait`: the channel opened when the bot and the chat are set, and
 * the session file whose text a gate message carries.
 */
import { homedir } from 'node:os';
import type { Config } from '../../config/config.js';
import type { GateKind } from '../../gates/gate-id.js';
import type { createLogger } from '../../log/logger.js';
import { telegramApiBaseOf } from '../../notify/telegram-sender.js';
import type { SessionPaths } from '../../session/paths.js';
import { findPlanFile } from '../../session/plan-file.js';
import { startTelegramChannel, type TelegramChannel } from '../../telegram/gate-channel.js';
import { buildTelegramStatePaths, resolveStateRoot } from '../../telegram/state-paths.js';
import { resolveTelegramSettings } from '../../telegram/telegram-settings.js';
import { buildTextCleaner } from '../../text/clean-text.js';

/** Two-way Telegram for a waiting run, when the bot and the chat are set. */
export function openTelegram(
  config: Config,
  log: ReturnType<typeof createLogger>,
  warn: (message: string) => void,
): TelegramChannel | undefined {
  const env = config.environment;
  const resolved = resolveTelegramSettings({
    ...env,
    TELEGRAM_BOT_TOKEN: config.telegram.botToken,
    TELEGRAM_CHAT_ID: config.telegram.chatId,
    // One base for both directions: the notifications' older name still counts.
    TELEGRAM_API_URL: telegramApiBaseOf(env),
  });
  if (!resolved.ok) {
    for (const problem of resolved.problems) warn(`telegram: ${problem}; gates are not sent there`);
    return undefined;
  }
  if (resolved.settings === undefined) return undefined;
  return startTelegramChannel({
    settings: resolved.settings,
    paths: buildTelegramStatePaths(resolveStateRoot(env, env.HOME || homedir()), resolved.settings.token),
    clean: buildTextCleaner(log.redact),
    info: (message) => log.logger.info(message),
    warn,
  });
}

/** The file whose text a gate message carries: the plan to approve, the questions to answer. */
export function detailFileOf(kind: GateKind, paths: SessionPaths): { detailFile?: string } {
  if (kind === 'answers') return { detailFile: paths.qa };
  const plan = kind === 'approval' ? findPlanFile(paths.dir) : undefined;
  return plan === undefined ? {} : { detailFile: plan };
}
