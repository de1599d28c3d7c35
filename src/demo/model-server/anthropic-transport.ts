/** I/O side of the Anthropic Messages API: parse, ask the script, answer. */
import type { ServerResponse } from 'node:http';
import { anthropicError } from './anthropic-errors.js';
import {
  AnthropicRequestSchema,
  anthropicMessage,
  anthropicStream,
  readAnthropicConversation,
} from './anthropic-wire.js';
import { textReply } from './conversation.js';
import { sendJson, sendStream, type TransportContext } from './http-reply.js';
import type { RecordedRequest } from './request-log.js';

export function handleAnthropic(
  context: TransportContext,
  seen: RecordedRequest,
  response: ServerResponse,
): void {
  if (seen.path.includes('count_tokens')) {
    context.record(seen);
    sendJson(response, 200, { input_tokens: 123 });
    return;
  }
  const parsed = AnthropicRequestSchema.safeParse(seen.body ?? {});
  if (!parsed.success) {
    context.record(seen);
    sendJson(response, 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: parsed.error.issues.map((i) => i.message).join('; ') },
    });
    return;
  }
  const conversation = readAnthropicConversation(parsed.data);
  // Requests that offer no tools are claude's side queries (e.g. the session title): not the script's.
  const sideQuery = (parsed.data.tools ?? []).length === 0;
  const reply = sideQuery ? textReply('Scripted session') : context.script(conversation);
  context.record({ ...seen, conversation, reply });
  const model = parsed.data.model || 'claude-scripted';
  if (reply.kind === 'error') {
    const error = anthropicError(reply.failure, Math.floor(context.now() / 1000), reply.resetsAt);
    sendJson(response, error.status, error.body, error.headers);
    return;
  }
  if (parsed.data.stream === true) sendStream(response, anthropicStream(reply, model, context.nextId));
  else sendJson(response, 200, anthropicMessage(reply, model, context.nextId));
}
