/**
 * The API-neutral view of one model request and the reply a script gives to it.
 * Both transports (Anthropic Messages, OpenAI Responses) read their request into a
 * `Conversation` and write a `Reply` back in their own wire format.
 */

/** A tool the CLI ran for us, as its result came back in the next request. */
export interface ToolResult {
  readonly callId: string;
  readonly output: string;
}

export interface Conversation {
  readonly api: 'anthropic' | 'openai';
  /** All user-authored text of the conversation (the CLI's prompt plus any reminders), joined. */
  readonly prompt: string;
  /** Results of the tool calls made so far, oldest first. */
  readonly toolResults: readonly ToolResult[];
  /** The model name the CLI asked for. */
  readonly model: string;
}

/** A tool call in neutral form; each transport maps it onto the tools its CLI exposes. */
export type ToolCall =
  | { readonly tool: 'write'; readonly path: string; readonly content: string }
  | { readonly tool: 'shell'; readonly command: string };

/** Failures a script can ask the server to answer with (real status codes, headers and bodies). */
export const API_FAILURES = ['auth', 'rate_limit', 'usage_limit', 'overloaded', 'server_error'] as const;
export type ApiFailure = (typeof API_FAILURES)[number];

export type Reply =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tools'; readonly text?: string; readonly calls: readonly ToolCall[] }
  | { readonly kind: 'error'; readonly failure: ApiFailure; readonly resetsAt?: number };

/** Decides the next reply from the conversation so far. Pure: no I/O, no clock. */
export type ModelScript = (conversation: Conversation) => Reply;

export function textReply(text: string): Reply {
  return { kind: 'text', text };
}

export function toolReply(calls: readonly ToolCall[], text?: string): Reply {
  return text === undefined ? { kind: 'tools', calls } : { kind: 'tools', text, calls };
}

export function errorReply(failure: ApiFailure, resetsAt?: number): Reply {
  return resetsAt === undefined ? { kind: 'error', failure } : { kind: 'error', failure, resetsAt };
}

/**
 * A shell command that writes `content` to `path` (quoted heredoc, so nothing is expanded).
 * A heredoc always ends with a newline, so content without one gains it.
 */
export function shellWriteCommand(path: string, content: string): string {
  const body = content.endsWith('\n') ? content : `${content}\n`;
  const marker = 'SAMOCODE_DEMO_EOF';
  const quotedPath = `'${path.replaceAll("'", `'\\''`)}'`;
  return `mkdir -p "$(dirname ${quotedPath})" && cat > ${quotedPath} <<'${marker}'\n${body}${marker}`;
}
