/**
 * The OpenAI Responses API wire format, as codex 0.169 uses it: reading a request into a
 * `Conversation`, and writing a `Reply` as SSE or as an error response. Pure.
 *
 * codex 0.169 with its default model runs in "code mode": its only tool is a custom `exec` tool
 * (JavaScript calling `tools.exec_command`), announced in an `additional_tools` input item.
 * Older models get plain function tools (`exec_command`, `shell_command` or `shell`).
 */
import * as z from 'zod';
import { type Conversation, type Reply, shellWriteCommand, type ToolCall } from './conversation.js';

const Item = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.unknown().optional(),
  call_id: z.string().optional(),
  output: z.unknown().optional(),
  tools: z.array(z.unknown()).optional(),
});
export const OpenAiRequestSchema = z.looseObject({
  model: z.string().default(''),
  input: z.array(Item).default([]),
  tools: z.array(z.looseObject({ name: z.string().optional(), type: z.string().optional() })).default([]),
});
export type OpenAiRequest = z.infer<typeof OpenAiRequestSchema>;

/** Which tool shape the request offers. */
export type ShellTool = 'code_mode' | 'exec_command' | 'shell_command' | 'shell';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
    .join('\n');
}

export function readOpenAiConversation(request: OpenAiRequest): Conversation {
  const texts: string[] = [];
  const toolResults: { callId: string; output: string }[] = [];
  for (const item of request.input) {
    if (item.role === 'user') texts.push(textOf(item.content));
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      const output = typeof item.output === 'string' ? item.output : textOf(item.output);
      toolResults.push({ callId: item.call_id ?? '', output });
    }
  }
  return { api: 'openai', prompt: texts.join('\n'), toolResults, model: request.model };
}

export function detectShellTool(request: OpenAiRequest): ShellTool {
  if (request.input.some((item) => item.type === 'additional_tools')) return 'code_mode';
  const names = new Set(request.tools.map((tool) => tool.name));
  if (names.has('exec_command')) return 'exec_command';
  if (names.has('shell_command')) return 'shell_command';
  return 'shell';
}

function commandOf(call: ToolCall): string {
  return call.tool === 'write' ? shellWriteCommand(call.path, call.content) : call.command;
}

type OutputItem = Record<string, unknown> & { readonly type: string; readonly id: string };

function toFunctionCall(command: string, shell: ShellTool, nextId: () => string): OutputItem {
  const base = {
    type: 'function_call',
    id: `fc_${nextId()}`,
    call_id: `call_${nextId()}`,
    status: 'completed',
  };
  if (shell === 'exec_command')
    return { ...base, name: 'exec_command', arguments: JSON.stringify({ cmd: command }) };
  if (shell === 'shell_command')
    return { ...base, name: 'shell_command', arguments: JSON.stringify({ command }) };
  return { ...base, name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', command] }) };
}

/** One `exec` cell that runs the commands in order and reports their output. */
function toCodeModeCall(commands: readonly string[], nextId: () => string): OutputItem {
  const lines = commands.map(
    (command, index) =>
      `const r${index} = await tools.exec_command({ cmd: ${JSON.stringify(command)} });\ntext(r${index}.output ?? JSON.stringify(r${index}));`,
  );
  return {
    type: 'custom_tool_call',
    id: `ctc_${nextId()}`,
    call_id: `call_${nextId()}`,
    name: 'exec',
    input: lines.join('\n'),
    status: 'completed',
  };
}

function messageItem(text: string, nextId: () => string): OutputItem {
  return {
    type: 'message',
    role: 'assistant',
    id: `msg_${nextId()}`,
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

export function toOutputItems(reply: Reply, shell: ShellTool, nextId: () => string): OutputItem[] {
  if (reply.kind === 'text') return [messageItem(reply.text, nextId)];
  if (reply.kind === 'error') return [];
  const commands = reply.calls.map(commandOf);
  const calls =
    shell === 'code_mode'
      ? [toCodeModeCall(commands, nextId)]
      : commands.map((command) => toFunctionCall(command, shell, nextId));
  return reply.text === undefined ? calls : [messageItem(reply.text, nextId), ...calls];
}

function sse(data: Readonly<Record<string, unknown>> & { readonly type: string }): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

const USAGE = {
  input_tokens: 1000,
  input_tokens_details: { cached_tokens: 200 },
  output_tokens: 50,
  output_tokens_details: { reasoning_tokens: 10 },
  total_tokens: 1050,
};

export function openAiStream(reply: Reply, shell: ShellTool, nextId: () => string): string {
  const items = toOutputItems(reply, shell, nextId);
  const id = `resp_${nextId()}`;
  const events = [sse({ type: 'response.created', response: { id, status: 'in_progress' } })];
  items.forEach((item, index) => {
    events.push(sse({ type: 'response.output_item.added', output_index: index, item }));
    if (item.type === 'message' && reply.kind !== 'error') {
      const text = Array.isArray(item.content) ? textOf(item.content) : '';
      events.push(
        sse({
          type: 'response.output_text.delta',
          output_index: index,
          item_id: item.id,
          content_index: 0,
          delta: text,
        }),
      );
    }
    events.push(sse({ type: 'response.output_item.done', output_index: index, item }));
  });
  events.push(
    sse({ type: 'response.completed', response: { id, status: 'completed', output: items, usage: USAGE } }),
  );
  return events.join('');
}
