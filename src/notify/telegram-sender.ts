/**
 * Sends one Telegram message with got. Never throws: the result is data. A 5 s timeout, one
 * retry on network errors only (never on a timeout or an HTTP error), so a send is bounded.
 */
// got is loaded only by runs that send: it costs ~24 MB of memory that runs without Telegram never
// need. A run loads it at start (`loadTelegramSender`), never mid-session, when a build or an upgrade
// may have replaced the files it would load.
type Got = typeof import('got').default;
let loadedGot: Got | undefined;
async function loadGot(): Promise<Got> {
  loadedGot ??= (await import('got')).default;
  return loadedGot;
}

/** Loads what a send needs now, so a long run loads no code later. */
export async function loadTelegramSender(): Promise<void> {
  await loadGot();
}

export const TELEGRAM_API_BASE = 'https://api.telegram.org';

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

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
]);

/** got's request errors carry a string `code` (ECONNREFUSED, ETIMEDOUT …). */
function requestErrorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A network error is worth one more try; a timeout or an HTTP answer is not. */
export function isRetryableSendError(error: unknown): boolean {
  const code = requestErrorCode(error);
  return (
    code !== undefined && error instanceof Error && error.name !== 'TimeoutError' && NETWORK_CODES.has(code)
  );
}

function describe(error: unknown): string {
  const code = requestErrorCode(error);
  if (code !== undefined && error instanceof Error) return `${error.name} ${code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function postOnce(url: string, body: object, timeoutMs: number): Promise<string | undefined> {
  const got = await loadGot();
  const response = await got.post(url, {
    json: body,
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
  });
  if (response.statusCode >= 200 && response.statusCode < 300) return undefined;
  return `HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`;
}

export async function sendTelegramMessage(
  target: TelegramTarget,
  html: string,
  options: SendOptions = {},
): Promise<SendResult> {
  const url = `${(target.apiBase ?? TELEGRAM_API_BASE).replace(/\/+$/, '')}/bot${target.botToken}/sendMessage`;
  const body = { chat_id: target.chatId, text: html, parse_mode: 'HTML', disable_web_page_preview: true };
  const timeoutMs = options.timeoutMs ?? 5_000;
  const hide = (text: string) => text.split(target.botToken).join('[redacted]');
  for (let attempt = 1; ; attempt++) {
    try {
      const problem = await postOnce(url, body, timeoutMs);
      return problem === undefined
        ? { ok: true, attempts: attempt }
        : { ok: false, attempts: attempt, reason: hide(problem) };
    } catch (error) {
      if (attempt >= 2 || !isRetryableSendError(error))
        return { ok: false, attempts: attempt, reason: hide(describe(error)) };
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 300));
    }
  }
}
