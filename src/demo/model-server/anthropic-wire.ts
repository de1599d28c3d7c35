/**
 * The Anthropic Messages API wire format, as claude 2.1.x uses it: reading a request body into
 * a `Conversation`, and writing a `Reply` as an SSE stream or an error response. Pure.
 */
import * as z from 'zod';
import type { Conversation, Reply, ToolCall } from './conversation.js';

const Block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
});
const Message = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(Block)]),
});
export const AnthropicRequestSchema = z.looseObject({
  model: z.string().default(''),
  stream: z.boolean().optional(),
  messages: z.array(Message).default([]),
  tools: z.array(z.looseObject({ name: z.string().optional() })).optional(),
});
export type AnthropicRequest = z.infer<typeof AnthropicRequestSchema>;

function flattenToolContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
      .join('');
  }
  return JSON.stringify(content ?? '');
}

export function readAnthropicConversation(request: AnthropicRequest): Conversation {
  const texts: string[] = [];
  const toolResults: { callId: string; output: string }[] = [];
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    if (typeof message.content === 'string') {
      texts.push(message.content);
      continue;
    }
    for (const block of message.content) {
      if (block.type === 'text' && block.text !== undefined) texts.push(block.text);
      if (block.type === 'tool_result') {
        toolResults.push({ callId: block.tool_use_id ?? '', output: flattenToolContent(block.content) });
      }
    }
  }
  return { api: 'anthropic', prompt: texts.join('\n'), toolResults, model: request.model };
}

interface ContentBlock {
  readonly type: 'text' | 'tool_use';
  readonly text?: string;
  readonly id?: string;
  readonly name?: string;
  readonly input?: Record<string, unknown>;
}

function toToolUse(call: ToolCall, id: string): ContentBlock {
  return call.tool === 'write'
    ? { type: 'tool_use', id, name: 'Write', input: { file_path: call.path, content: call.content } }
    : { type: 'tool_use', id, name: 'Bash', input: { command: call.command, description: 'run a command' } };
}

/** `nextId` makes unique ids (the transport passes a random source; tests a counter). */
export function toContentBlocks(
  reply: Reply,
  nextId: () => string,
): { blocks: ContentBlock[]; stop: string } {
  if (reply.kind === 'text') return { blocks: [{ type: 'text', text: reply.text }], stop: 'end_turn' };
  if (reply.kind === 'tools') {
    const text: ContentBlock[] = reply.text === undefined ? [] : [{ type: 'text', text: reply.text }];
    return {
      blocks: [...text, ...reply.calls.map((call) => toToolUse(call, `toolu_${nextId()}`))],
      stop: 'tool_use',
    };
  }
  return { blocks: [], stop: 'end_turn' };
}

const USAGE = {
  input_tokens: 1200,
  output_tokens: 42,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The whole SSE body of a successful streamed reply. */
export function anthropicStream(reply: Reply, model: string, nextId: () => string): string {
  const { blocks, stop } = toContentBlocks(reply, nextId);
  const message = {
    id: `msg_${nextId()}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...USAGE, output_tokens: 1 },
  };
  const events = [sse('message_start', { type: 'message_start', message })];
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(
        sse('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' },
        }),
        sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: block.text ?? '' },
        }),
      );
    } else {
      events.push(
        sse('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        }),
        sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) },
        }),
      );
    }
    events.push(sse('content_block_stop', { type: 'content_block_stop', index }));
  });
  events.push(
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: USAGE.output_tokens },
    }),
    sse('message_stop', { type: 'message_stop' }),
  );
  return events.join('');
}

/** The non-streamed form (claude uses it for some side requests). */
export function anthropicMessage(reply: Reply, model: string, nextId: () => string): unknown {
  const { blocks, stop } = toContentBlocks(reply, nextId);
  return {
    id: `msg_${nextId()}`,
    type: 'message',
    role: 'assistant',
    model,
    content: blocks,
    stop_reason: stop,
    stop_sequence: null,
    usage: USAGE,
  };
}
