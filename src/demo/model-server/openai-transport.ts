/** I/O side of the OpenAI Responses API: parse, ask the script, answer. */
import type { ServerResponse } from 'node:http';
import { sendJson, sendStream, type TransportContext } from './http-reply.js';
import { openAiError } from './openai-errors.js';
import { detectShellTool, OpenAiRequestSchema, openAiStream, readOpenAiConversation } from './openai-wire.js';
import type { RecordedRequest } from './request-log.js';

export function handleOpenAi(
  context: TransportContext,
  seen: RecordedRequest,
  response: ServerResponse,
): void {
  const parsed = OpenAiRequestSchema.safeParse(seen.body ?? {});
  if (!parsed.success) {
    context.record(seen);
    sendJson(response, 400, {
      error: { message: parsed.error.issues.map((i) => i.message).join('; '), type: 'invalid_request_error' },
    });
    return;
  }
  const conversation = readOpenAiConversation(parsed.data);
  const reply = context.script(conversation);
  context.record({ ...seen, conversation, reply });
  if (reply.kind === 'error') {
    const error = openAiError(reply.failure, Math.floor(context.now() / 1000), reply.resetsAt);
    sendJson(response, error.status, error.body, error.headers);
    return;
  }
  sendStream(response, openAiStream(reply, detectShellTool(parsed.data), context.nextId));
}
