/** The scripted model server over real loopback HTTP: wire formats, errors, recording, shutdown. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Conversation,
  errorReply,
  type ModelServer,
  type Reply,
  startModelServer,
  textReply,
  toolReply,
} from '../../../src/demo/model-server/index.js';

const NOW_MS = 1_795_540_000_000;
let server: ModelServer;
const seen: Conversation[] = [];

async function start(reply: Reply): Promise<ModelServer> {
  server = await startModelServer({
    script: (conversation) => {
      seen.push(conversation);
      return reply;
    },
    now: () => NOW_MS,
  });
  return server;
}

afterEach(async () => {
  seen.length = 0;
  await server.close();
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-secret-key-123456789' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function sseEvents(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .trim()
    .split('\n\n')
    .map((chunk) => {
      const [eventLine = '', dataLine = ''] = chunk.split('\n');
      return { event: eventLine.replace('event: ', ''), data: JSON.parse(dataLine.replace('data: ', '')) };
    });
}

const ANTHROPIC_TOOLS = [{ name: 'Bash' }, { name: 'Write' }];

describe('Anthropic Messages', () => {
  it('streams a tool_use reply as claude expects and hands the script the conversation', async () => {
    await start(toolReply([{ tool: 'write', path: '/w/_signal.json', content: '{}' }], 'Writing.'));
    const response = await post('/v1/messages?beta=true', {
      model: 'claude-x',
      stream: true,
      tools: ANTHROPIC_TOOLS,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Phase: init' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
      ],
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = sseEvents(response.text);
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[4]?.data).toMatchObject({ content_block: { type: 'tool_use', name: 'Write', input: {} } });
    expect(events[5]?.data).toMatchObject({
      delta: { type: 'input_json_delta', partial_json: '{"file_path":"/w/_signal.json","content":"{}"}' },
    });
    expect(events[7]?.data).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: 42 },
    });
    expect(seen).toEqual([
      {
        api: 'anthropic',
        prompt: 'Phase: init',
        toolResults: [{ callId: 'toolu_1', output: 'ok' }],
        model: 'claude-x',
      },
    ]);
    expect(server.requests[0]?.headers['x-api-key']).toBe('sk-ant-secret-ke…');
  });

  it('answers side queries without tools itself, without asking the script', async () => {
    await start(textReply('from the script'));
    const response = await post('/v1/messages', {
      model: 'm',
      messages: [{ role: 'user', content: 'title?' }],
    });
    expect(JSON.parse(response.text)).toMatchObject({
      content: [{ type: 'text', text: 'Scripted session' }],
    });
    expect(seen).toHaveLength(0);
  });

  it('answers a subscription usage limit with the unified rate-limit headers', async () => {
    await start(errorReply('usage_limit', 1_795_543_600));
    const response = await post('/v1/messages?beta=true', {
      model: 'm',
      stream: true,
      tools: ANTHROPIC_TOOLS,
      messages: [],
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('rejected');
    expect(response.headers.get('anthropic-ratelimit-unified-reset')).toBe('1795543600');
    expect(response.headers.get('retry-after')).toBe('3600');
    expect(JSON.parse(response.text)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limited' },
    });
  });

  it.each([
    ['auth', 401, 'authentication_error'],
    ['rate_limit', 429, 'rate_limit_error'],
    ['overloaded', 529, 'overloaded_error'],
    ['server_error', 500, 'api_error'],
  ] as const)('answers %s with HTTP %i %s', async (failure, status, type) => {
    await start(errorReply(failure));
    const response = await post('/v1/messages?beta=true', {
      model: 'm',
      tools: ANTHROPIC_TOOLS,
      messages: [],
    });
    expect(response.status).toBe(status);
    expect(JSON.parse(response.text)).toMatchObject({ type: 'error', error: { type } });
  });
});

describe('OpenAI Responses', () => {
  it('uses the code-mode exec tool when codex announces additional_tools', async () => {
    await start(toolReply([{ tool: 'shell', command: 'echo hi' }]));
    const response = await post('/v1/responses', {
      model: 'gpt-x',
      input: [
        { type: 'additional_tools', tools: [] },
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Phase: init' }] },
        { type: 'custom_tool_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'done' }] },
      ],
    });
    const events = sseEvents(response.text);
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.data).toMatchObject({
      item: {
        type: 'custom_tool_call',
        name: 'exec',
        input:
          'const r0 = await tools.exec_command({ cmd: "echo hi" });\ntext(r0.output ?? JSON.stringify(r0));',
      },
    });
    expect(seen).toEqual([
      {
        api: 'openai',
        prompt: 'Phase: init',
        toolResults: [{ callId: 'c1', output: 'done' }],
        model: 'gpt-x',
      },
    ]);
  });

  it('uses exec_command function calls when the request offers that tool', async () => {
    await start(toolReply([{ tool: 'shell', command: 'ls' }]));
    const response = await post('/v1/responses', {
      model: 'm',
      tools: [{ type: 'function', name: 'exec_command' }],
      input: [],
    });
    expect(sseEvents(response.text)[2]?.data).toMatchObject({
      item: { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    });
  });

  it('answers a ChatGPT-plan usage limit with usage_limit_reached and the reset time', async () => {
    await start(errorReply('usage_limit', 1_795_543_600));
    const response = await post('/v1/responses', { model: 'm', input: [] });
    expect(response.status).toBe(429);
    expect(JSON.parse(response.text)).toMatchObject({
      error: { type: 'usage_limit_reached', resets_at: 1_795_543_600, resets_in_seconds: 3600 },
    });
  });

  it('refuses websocket upgrades so codex falls back to HTTP', async () => {
    await start(textReply('hi'));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const upgrade = request(`${server.baseUrl}/v1/responses`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      upgrade.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      upgrade.on('upgrade', () => resolve(101));
      upgrade.on('error', reject);
      upgrade.end();
    });
    expect(status).toBe(404);
    expect(server.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/responses',
      headers: { upgrade: 'websocket' },
    });
  });
});

describe('the server', () => {
  it('answers probes, and closes with a connection still open', async () => {
    await start(textReply('hi'));
    const head = await fetch(`${server.baseUrl}/api/hello`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const open = request(`${server.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-length': '100' },
    });
    open.on('error', () => undefined);
    open.write('{"partial":');
    await expect(server.close()).resolves.toBeUndefined();
    server = await startModelServer({ script: () => textReply('x') });
  });
});
