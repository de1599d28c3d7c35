/**
 * Incremental parser of `claude -p --output-format stream-json --verbose` output: one line in,
 * a new small state out. Unknown line types are ignored; nothing is kept but the facts below.
 */
import * as z from 'zod';
import { billingFromClaudeInit } from '../billing.js';
import { type CliRetry, type EarlyStop, NO_FIGURES, type StreamFigures } from '../stream-figures.js';
import { addTokens, foldResultFigures } from './figures.js';

export interface ClaudeResult {
  readonly subtype: string;
  readonly isError: boolean;
  readonly text: string;
  readonly apiErrorStatus?: number;
  readonly apiError?: string;
  readonly terminalReason?: string;
  readonly permissionDenials: number;
}

export interface ClaudeStream {
  readonly figures: StreamFigures;
  readonly lastMessageId?: string;
  /** The `error` of the last assistant message that had one (`rate_limit`, `billing_error`, …). */
  readonly assistantError?: string;
  /** A `rate_limit_event` said `rejected`: a usage limit; `resetsAt` in epoch seconds. */
  readonly limitRejected: boolean;
  readonly limitResetsAt?: number;
  readonly result?: ClaudeResult;
  readonly nonJsonLines: number;
  readonly earlyStop?: EarlyStop;
  /** The last `api_retry` claude announced, kept after the request succeeds (figures.retry is cleared then). */
  readonly lastRetry?: CliRetry;
}

export const INITIAL_CLAUDE_STREAM: ClaudeStream = {
  figures: NO_FIGURES,
  limitRejected: false,
  nonJsonLines: 0,
};

/** Figures are read as sent and checked after (`readTokenFigure`), so a bad one spoils nothing else. */
const usageSchema = z.looseObject({
  input_tokens: z.unknown().optional(),
  output_tokens: z.unknown().optional(),
});

interface AssistantUsage {
  readonly input_tokens?: number;
  readonly output_tokens?: number;
}

interface AssistantMessage {
  readonly id?: string;
  readonly content?: ReadonlyArray<{ readonly type: string; readonly name?: unknown }>;
  readonly usage?: AssistantUsage | null;
}

/** The fields of an `assistant` line that are read. */
export interface AssistantLine {
  readonly type: 'assistant';
  readonly session_id?: string;
  readonly error?: string | null;
  readonly message?: AssistantMessage;
}

type JsonObject = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, type: 'string' | 'number'): boolean =>
  value === undefined || typeof value === type;
const isNullish = (value: unknown): value is null | undefined => value === undefined || value === null;

const isUsage = (value: unknown): value is AssistantUsage =>
  isRecord(value) && isOptional(value.input_tokens, 'number') && isOptional(value.output_tokens, 'number');
const isContent = (
  value: unknown,
): value is ReadonlyArray<{ readonly type: string; readonly name?: unknown }> =>
  Array.isArray(value) && value.every((block: unknown) => isRecord(block) && typeof block.type === 'string');
const isMessage = (value: unknown): value is AssistantMessage =>
  isRecord(value) &&
  isOptional(value.id, 'string') &&
  (value.content === undefined || isContent(value.content)) &&
  (isNullish(value.usage) || isUsage(value.usage));

/**
 * An `assistant` line, narrowed by hand with the verdicts a zod schema would give (see the test):
 * these lines are most of a stream, and zod's copy of each cost more than its `JSON.parse`.
 */
export const isAssistantLine = (value: unknown): value is AssistantLine =>
  isRecord(value) &&
  value.type === 'assistant' &&
  isOptional(value.session_id, 'string') &&
  (isNullish(value.error) || typeof value.error === 'string') &&
  (value.message === undefined || isMessage(value.message));

const lineSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('system'),
    subtype: z.string().optional(),
    session_id: z.string().optional(),
    apiKeySource: z.string().optional(),
    error_status: z.number().nullish(),
    error: z.string().nullish(),
    attempt: z.number().optional(),
    max_retries: z.number().optional(),
    retry_delay_ms: z.number().optional(),
  }),
  z.looseObject({
    type: z.literal('rate_limit_event'),
    rate_limit_info: z
      .looseObject({ status: z.string().optional(), resetsAt: z.number().nullish() })
      .optional(),
  }),
  z.looseObject({
    type: z.literal('result'),
    subtype: z.string(),
    is_error: z.boolean(),
    result: z.string().optional(),
    errors: z.array(z.string()).optional(),
    session_id: z.string().optional(),
    api_error_status: z.number().nullish(),
    api_error: z.string().nullish(),
    terminal_reason: z.string().nullish(),
    total_cost_usd: z.unknown().optional(),
    usage: usageSchema.nullish(),
    permission_denials: z.array(z.unknown()).optional(),
  }),
]);

/** Tool names are short; a longer one is cut so a line never carries a hostile stream's payload. */
const MAX_TOOL_NAME = 80;

const USER_LINE_PREFIX = '{"type":"user"';

const AUTH_RETRY_ERRORS: ReadonlySet<string> = new Set(['authentication_failed', 'billing_error']);

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Folds one stdout line into the stream state.
 *
 * @example
 * parseClaudeLine(INITIAL_CLAUDE_STREAM, '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1}}')
 * // { ...INITIAL_CLAUDE_STREAM, limitRejected: true, limitResetsAt: 1 }
 */
export function parseClaudeLine(state: ClaudeStream, line: string): ClaudeStream {
  const trimmed = line.trim();
  if (trimmed === '') return state;
  // Tool results (`user` lines) can be large and carry nothing we read: skip them before JSON.parse.
  if (trimmed.startsWith(USER_LINE_PREFIX)) return state;
  const json = parseJson(trimmed);
  if (json === undefined) return { ...state, nonJsonLines: state.nonJsonLines + 1 };
  if (isRecord(json) && json.type === 'assistant')
    return isAssistantLine(json) ? foldAssistant(state, json) : state;
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) return state;
  const msg = parsed.data;
  switch (msg.type) {
    case 'system': {
      const withBilling =
        msg.apiKeySource === undefined
          ? state.figures
          : { ...state.figures, billing: billingFromClaudeInit(msg.apiKeySource) };
      let figures = withSession(withBilling, msg.session_id);
      if (msg.subtype !== 'api_retry') return { ...state, figures };
      const status = msg.error_status ?? undefined;
      const error = msg.error ?? undefined;
      const retry = toClaudeRetry(msg.attempt, msg.max_retries, msg.retry_delay_ms, status, error);
      figures = { ...figures, retry };
      if (state.earlyStop) return { ...state, figures, lastRetry: retry };
      const isAuth =
        status === 401 || status === 403 || (error !== undefined && AUTH_RETRY_ERRORS.has(error));
      if (!isAuth) return { ...state, figures, lastRetry: retry };
      const outcome = error === 'billing_error' ? 'billing' : 'auth';
      const what = `${error ?? 'error'}${status === undefined ? '' : `, HTTP ${status}`}`;
      return {
        ...state,
        figures,
        lastRetry: retry,
        earlyStop: { outcome, message: `claude is retrying a request the API refused (${what})` },
      };
    }
    case 'rate_limit_event': {
      const info = msg.rate_limit_info;
      if (info?.status !== 'rejected') return state;
      return { ...state, limitRejected: true, limitResetsAt: info.resetsAt ?? state.limitResetsAt };
    }
    case 'result': {
      const figures = foldResultFigures(withSession(state.figures, msg.session_id), msg);
      const result: ClaudeResult = {
        subtype: msg.subtype,
        isError: msg.is_error,
        text: msg.result ?? (msg.errors ?? []).join('; '),
        apiErrorStatus: msg.api_error_status ?? undefined,
        apiError: msg.api_error ?? undefined,
        terminalReason: msg.terminal_reason ?? undefined,
        permissionDenials: msg.permission_denials?.length ?? 0,
      };
      return { ...state, figures, result };
    }
  }
}

function foldAssistant(state: ClaudeStream, msg: AssistantLine): ClaudeStream {
  // An answer (even claude's own error message) ends the wait the retry line showed.
  let figures = state.figures;
  if (figures.retry !== undefined) {
    const { retry: _answered, ...shown } = figures;
    figures = shown;
  }
  figures = withSession(figures, msg.session_id);
  const message = msg.message;
  const toolBlocks = message?.content?.filter((block) => block.type === 'tool_use') ?? [];
  const tools = toolBlocks.length;
  const named = toolBlocks.at(-1)?.name;
  const isNewMessage = message?.id !== undefined && message.id !== state.lastMessageId;
  // Unchanged figures stay the same object, so the progress observer is not woken for nothing.
  if (tools > 0 || isNewMessage) {
    const input = addTokens(figures, 'input_tokens', isNewMessage ? message?.usage?.input_tokens : undefined);
    const output = addTokens(
      input.figures,
      'output_tokens',
      isNewMessage ? message?.usage?.output_tokens : undefined,
    );
    figures = {
      ...output.figures,
      toolCalls: figures.toolCalls + tools,
      ...(typeof named === 'string' ? { lastTool: named.slice(0, MAX_TOOL_NAME) } : {}),
      inputTokens: figures.inputTokens + input.count,
      outputTokens: figures.outputTokens + output.count,
    };
  }
  const assistantError = msg.error ?? state.assistantError;
  const lastMessageId = message?.id ?? state.lastMessageId;
  if (
    figures === state.figures &&
    lastMessageId === state.lastMessageId &&
    assistantError === state.assistantError
  )
    return state;
  return { ...state, figures, lastMessageId, assistantError };
}

/** An `api_retry` line without an HTTP status: no response at all, the API could not be reached. */
function toClaudeRetry(
  attempt: number | undefined,
  maxRetries: number | undefined,
  delayMs: number | undefined,
  status: number | undefined,
  error: string | undefined,
): CliRetry {
  const isUnreachable = status === undefined;
  const reason = isUnreachable
    ? 'cannot reach the API'
    : `HTTP ${status}${error === undefined || error === 'unknown' ? '' : ` ${error}`}`;
  return {
    attempt: attempt ?? 1,
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(delayMs === undefined ? {} : { delayMs: Math.round(delayMs) }),
    reason,
    isUnreachable,
  };
}

function withSession(figures: StreamFigures, sessionId: string | undefined): StreamFigures {
  if (sessionId === undefined || figures.providerSessionId === sessionId) return figures;
  return { ...figures, providerSessionId: sessionId };
}
