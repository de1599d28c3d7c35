/**
 * Only the run's own inspector feeds the relay: a local client that connects without an Origin
 * (curl, a script) is a viewer; what it sends is dropped, never relayed or kept for late viewers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningInspector, startInspector } from '../../src/inspect/start-inspector.js';
import { runDemoSession } from './fixtures/demo-session.js';

let inspector: RunningInspector | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await inspector?.stop();
  inspector = undefined;
});

async function connect(url: string): Promise<{ socket: WebSocket; raw: string[] }> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const raw: string[] = [];
  socket.on('message', (data) => raw.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, raw };
}

const FORGED = JSON.stringify({
  type: '@xstate.snapshot',
  sessionId: 'x:0',
  rootId: 'x:0',
  snapshot: {
    status: 'active',
    value: { done: 'running' },
    context: { summary: 'FORGED by a local client' },
  },
  event: { type: 'signal.done', summary: 'FORGED by a local client' },
});

describe('inspector relay producer', () => {
  it('relays what the run sends and drops what another local client sends', async () => {
    inspector = await startInspector({ mode: 'local', port: 0, env: {} });
    const intruder = await connect(inspector.relay.wsUrl);
    const watcher = await connect(inspector.relay.wsUrl);
    intruder.socket.send(FORGED);
    const actor = await runDemoSession(inspector.inspect);
    const relay = inspector.relay;
    const deadline = Date.now() + 10_000;
    while (!watcher.raw.some((line) => line.includes('awaitingAction')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    actor.stop();
    expect(watcher.raw.some((line) => line.includes('awaitingAction'))).toBe(true);
    expect(watcher.raw.filter((line) => line.includes('FORGED'))).toEqual([]);
    expect(relay.history().filter((line) => line.includes('FORGED'))).toEqual([]);
  });
});
