/**
 * Sends one Telegram message with got. Never throws: the result is data. A 5 s timeout, and got
 * retries once on a network error only (never on a timeout or an HTTP answer), so a send is bounded.
 */
// got is loaded only by runs that send: a run without Telegram never loads it. A run loads it at start
// (`loadTelegramSender`), never mid-session, when a build or an upgrade may have replaced its files.
type GotModule = typeof import('got');
let loadedGot: GotModule | undefined;
async function loadGot(): Promise<GotModule> {
  loadedGot ??= await import('got');
  return loadedGot;
}

/** Loads what a send needs now, so a long run loads no code later. */
export async function loadTelegramSender(): Promise<void> {
  await loadGot();
}

export const TELEGRAM_API_BASE = 'https://api.telegram.org';

/** The Bot API base every Telegram caller uses: `TELEGRAM_API_URL`, the older `TELEGRAM_API_BASE`, else the public one. */
export function telegramApiBaseOf(env: Readonly<Record<string, string | undefined>>): string {
  return env.TELEGRAM_API_URL?.trim() || env.TELEGRAM_API_BASE?.trim() || TELEGRAM_API_BASE;
}

export interface TelegramTarget {
  readonly botToken: string;
  readonly chatId: string;
  /** Default https://api.telegram.org (`TELEGRAM_API_BASE`). */
  readonly apiBase?: string;
}

export type SendResult =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly reason: string };

export interface SendOptions {
  readonly timeoutMs?: number;
  readonly retryDelayMs?: number;
}

/** The network errors worth one more try; a timeout (ETIMEDOUT) or an HTTP answer is not. */
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
];

function describe(error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (code && error instanceof Error) return `${error.name} ${code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export async function sendTelegramMessage(
  target: TelegramTarget,
  html: string,
  options: SendOptions = {},
): Promise<SendResult> {
  const url = `${(target.apiBase ?? TELEGRAM_API_BASE).replace(/\/+$/, '')}/bot${target.botToken}/sendMessage`;
  const body = { chat_id: target.chatId, text: html, parse_mode: 'HTML', disable_web_page_preview: true };
  const hide = (text: string) => text.split(target.botToken).join('[redacted]');
  const { default: got, RequestError } = await loadGot();
  try {
    const response = await got.post(url, {
      json: body,
      timeout: { request: options.timeoutMs ?? 5_000 },
      retry: {
        limit: 1,
        methods: ['POST'],
        statusCodes: [],
        errorCodes: NETWORK_CODES,
        enforceRetryRules: true,
        calculateDelay: () => options.retryDelayMs ?? 300,
      },
      throwHttpErrors: false,
    });
    const attempts = response.retryCount + 1;
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, attempts };
    return {
      ok: false,
      attempts,
      reason: hide(`HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`),
    };
  } catch (error) {
    const attempts = error instanceof RequestError ? (error.request?.retryCount ?? 0) + 1 : 1;
    return { ok: false, attempts, reason: hide(describe(error)) };
  }
}
