/**
 * Incremental parser of `codex exec --json` output: one JSONL event in, a new small state out.
 * `error` events are retry notices, not failures; only `turn.failed` (or the exit code) is terminal.
 */
import * as z from 'zod';
import {
  type CliRetry,
  type EarlyStop,
  NO_FIGURES,
  noteImpossible,
  readTokenFigure,
  type StreamFigures,
} from '../stream-figures.js';

export interface CodexStream {
  readonly figures: StreamFigures;
  readonly turnCompleted: boolean;
  /** `turn.failed.error.message`, when the turn failed. */
  readonly failure?: string;
  /** The last `error` event's message. */
  readonly lastError?: string;
  readonly nonJsonLines: number;
  readonly earlyStop?: EarlyStop;
}

export const INITIAL_CODEX_STREAM: CodexStream = {
  figures: NO_FIGURES,
  turnCompleted: false,
  nonJsonLines: 0,
};

/** The item kinds that are tool calls, with the name the heartbeat line gives each. */
const TOOL_ITEMS: ReadonlyMap<string, string> = new Map([
  ['command_execution', 'shell'],
  ['file_change', 'file change'],
  ['mcp_tool_call', 'MCP tool'],
  ['web_search', 'web search'],
]);

const eventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('thread.started'), thread_id: z.string() }),
  z.looseObject({ type: z.literal('item.started'), item: z.looseObject({ type: z.string() }) }),
  z.looseObject({
    type: z.literal('turn.completed'),
    // Read as sent and checked after (`readTokenFigure`): a bad count must not lose the turn.
    usage: z
      .looseObject({ input_tokens: z.unknown().optional(), output_tokens: z.unknown().optional() })
      .optional(),
  }),
  z.looseObject({ type: z.literal('turn.failed'), error: z.looseObject({ message: z.string() }).optional() }),
  z.looseObject({ type: z.literal('error'), message: z.string() }),
]);

const TOKEN_FIELDS = [
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
] as const;

/** `Reconnecting... 1/5 (unexpected status 401 …` — codex retrying a request the API refused. */
const AUTH_RETRY = /^Reconnecting\.\.\. \d+\/\d+ \(unexpected status (401|403)\b/;

/** The figures without the retry notice a reply has answered. */
function answered(figures: StreamFigures): StreamFigures {
  if (figures.retry === undefined) return figures;
  const { retry: _answered, ...rest } = figures;
  return rest;
}

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
 * parseCodexLine(INITIAL_CODEX_STREAM, '{"type":"turn.failed","error":{"message":"boom"}}').failure // 'boom'
 */
export function parseCodexLine(state: CodexStream, line: string): CodexStream {
  const trimmed = line.trim();
  if (trimmed === '') return state;
  const json = parseJson(trimmed);
  if (json === undefined) return { ...state, nonJsonLines: state.nonJsonLines + 1 };
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return state;
  const event = parsed.data;
  switch (event.type) {
    case 'thread.started':
      return { ...state, figures: { ...state.figures, providerSessionId: event.thread_id } };
    case 'item.started': {
      // Work started: any reconnect codex announced before has been answered.
      const figures = answered(state.figures);
      const lastTool = TOOL_ITEMS.get(event.item.type);
      if (lastTool === undefined) return figures === state.figures ? state : { ...state, figures };
      return { ...state, figures: { ...figures, toolCalls: figures.toolCalls + 1, lastTool } };
    }
    case 'turn.completed': {
      let figures = answered(state.figures);
      for (const [key, field] of TOKEN_FIELDS) {
        const value = event.usage?.[key];
        if (value === undefined) continue;
        const count = readTokenFigure(value);
        figures =
          count === undefined
            ? noteImpossible(figures, `usage.${key}`, value)
            : { ...figures, [field]: figures[field] + count };
      }
      return { ...state, figures, turnCompleted: true };
    }
    case 'turn.failed':
      return { ...state, failure: event.error?.message ?? state.lastError ?? 'turn failed' };
    case 'error': {
      const retry = toCodexRetry(event.message);
      const retried = retry === undefined ? state : { ...state, figures: { ...state.figures, retry } };
      const match = AUTH_RETRY.exec(event.message);
      if (match === null || state.earlyStop) return { ...retried, lastError: event.message };
      const earlyStop: EarlyStop = {
        outcome: 'auth',
        message: `codex is retrying a request the API refused with HTTP ${match[1]}: ${event.message.slice(0, 200)}`,
      };
      return { ...retried, lastError: event.message, earlyStop };
    }
  }
}

const RECONNECTING = /^Reconnecting\.\.\.\s*(?:(\d+)\/(\d+))?\s*(.*)$/s;

/** `Reconnecting... 2/5 (…)` or `Reconnecting... waiting for network (…)`, as a retry the CLI announced. */
function toCodexRetry(message: string): CliRetry | undefined {
  const match = RECONNECTING.exec(message);
  if (match === null) return undefined;
  const detail = (match[3] ?? '').replace(/^\((.*)\)$/s, '$1');
  const status = /unexpected status (\d{3})/.exec(detail)?.[1];
  const isUnreachable =
    status === undefined &&
    /waiting for network|Connection failed|error sending request|resolve|dns/i.test(message);
  return {
    attempt: match[1] === undefined ? 1 : Number(match[1]),
    ...(match[2] === undefined ? {} : { maxRetries: Number(match[2]) }),
    reason: isUnreachable
      ? 'cannot reach the API'
      : status === undefined
        ? detail.slice(0, 80) || 'no reason given'
        : `HTTP ${status}`,
    isUnreachable,
  };
}
