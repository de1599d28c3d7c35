import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningInspector, startInspector } from '../../src/inspect/start-inspector.js';
import { pollUntil } from '../helpers/processes.js';
import { DEMO_SECRET, runDemoSession } from './fixtures/demo-session.js';

interface Message {
  readonly type: string;
  readonly sessionId: string;
  readonly snapshot?: { readonly value?: unknown; readonly context?: Record<string, unknown> };
  readonly event?: { readonly type: string };
}

let inspector: RunningInspector | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await inspector?.stop();
  inspector = undefined;
});

/** Waits for a fact with a deadline that only bounds a failure (a loaded machine is slow). */
const waitFor = (check: () => boolean, what: string) =>
  pollUntil(() => (check() ? true : undefined), what, 60_000);

function viewer(url: string, headers: Record<string, string> = {}) {
  const raw: string[] = [];
  const socket = new WebSocket(url, { headers });
  sockets.push(socket);
  socket.on('message', (data) => raw.push(String(data)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { raw, messages: () => raw.map((line) => JSON.parse(line) as Message), opened };
}

const isParked = (m: Message) =>
  m.type === '@xstate.snapshot' &&
  JSON.stringify(m.snapshot?.value) === '{"implementation":"awaitingAction"}';

function get(port: number, host: string, path = '/'): Promise<{ status: number; body: string; csp: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          csp: String(res.headers['content-security-policy'] ?? ''),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startInspector (local page)', () => {
  it('relays @xstate.actor, @xstate.event and @xstate.snapshot messages of a live machine, sanitized', async () => {
    inspector = await startInspector({ mode: 'local', port: 0, env: { DEMO_API_TOKEN: DEMO_SECRET } });
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const live = viewer(inspector.relay.wsUrl);
    await live.opened;
    const actor = await runDemoSession(inspector.inspect);
    await waitFor(() => live.messages().some(isParked), 'the parked snapshot');
    actor.stop();

    const messages = live.messages();
    const counts = (type: string) => messages.filter((m) => m.type === type).length;
    expect(counts('@xstate.actor')).toBeGreaterThanOrEqual(1);
    expect(counts('@xstate.event')).toBeGreaterThanOrEqual(5);
    expect(counts('@xstate.snapshot')).toBeGreaterThanOrEqual(5);
    const events = messages.filter((m) => m.type === '@xstate.event').map((m) => m.event?.type);
    expect(events).toContain('signal.continue');
    expect(events).toContain('signal.waiting');

    const parked = messages.find(isParked);
    expect(parked?.snapshot?.context).toMatchObject({
      totalIterations: 5,
      waiting: { for: 'human_action', summary: 'set DB_PASSWORD=[redacted] in …/env' },
    });
    const all = live.raw.join('\n');
    expect(all).not.toContain(DEMO_SECRET);
    expect(all).not.toContain('/home/alice');
    expect(all).not.toContain('/etc/app');
    expect(all).not.toContain('"input"');
  });

  it('replays the whole history to a viewer that connects late', async () => {
    inspector = await startInspector({ mode: 'local', port: 0, env: {} });
    const actor = await runDemoSession(inspector.inspect);
    const relay = inspector.relay;
    await waitFor(() => relay.history().some((line) => isParked(JSON.parse(line))), 'the parked snapshot');
    actor.stop();
    const late = viewer(relay.wsUrl);
    await waitFor(() => late.raw.length >= relay.history().length, 'the replay');
    expect(late.raw.slice(0, relay.history().length)).toEqual(relay.history());
    expect(late.messages()[0]?.type).toBe('@xstate.actor');
  });

  it('serves its own page only to its own host name and refuses foreign origins', async () => {
    inspector = await startInspector({ mode: 'local', port: 0, env: {} });
    const { port } = inspector.relay;
    const page = await get(port, `127.0.0.1:${port}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>samocode inspector</title>');
    expect(page.body).not.toMatch(/(src|href)="https?:/);
    expect(page.csp).toContain("default-src 'none'");
    expect((await get(port, 'evil.example:80')).status).toBe(421);
    const foreign = viewer(inspector.relay.wsUrl, { origin: 'http://evil.example' });
    await expect(foreign.opened).rejects.toThrow('Unexpected server response: 401');
  });

  it('stop() closes the relay so nothing listens any more', async () => {
    inspector = await startInspector({ mode: 'local', port: 0, env: {} });
    const { port } = inspector.relay;
    await inspector.stop();
    await expect(get(port, `127.0.0.1:${port}`)).rejects.toThrow('ECONNREFUSED');
  });
});

describe('startInspector (stately bridge)', () => {
  it('serves a bridge page that iframes the hosted inspector and reads the relay of its own port', async () => {
    inspector = await startInspector({ mode: 'stately', port: 0, env: {} });
    const { port } = inspector.relay;
    const page = await get(port, `127.0.0.1:${port}`);
    expect(page.body).toContain('<iframe id="inspector" src="https://stately.ai/inspect"></iframe>');
    expect(page.body).toContain("new WebSocket('ws://' + location.host)");
    expect(page.csp).toContain('frame-src https://stately.ai');
  });

  it('names the session on both pages and serves the local page beside the bridge at /local', async () => {
    inspector = await startInspector({
      mode: 'stately',
      port: 0,
      env: {},
      sessionName: '26-12-07-add-login',
    });
    const { port } = inspector.relay;
    expect(inspector.localUrl).toBe(`http://127.0.0.1:${port}/local`);
    const bridge = await get(port, `127.0.0.1:${port}`);
    expect(bridge.body).toContain('<title>samocode — Stately inspector — 26-12-07-add-login</title>');
    const local = await get(port, `127.0.0.1:${port}`, '/local');
    expect(local.status).toBe(200);
    expect(local.body).toContain('<title>samocode inspector — 26-12-07-add-login</title>');
    expect(local.body).toContain('<h1>samocode inspector — 26-12-07-add-login</h1>');
    expect(local.body).toContain('session <b id="session">26-12-07-add-login</b>');
    expect(local.csp).not.toContain('stately.ai');
    expect((await get(port, `127.0.0.1:${port}`, '/constructor')).status).toBe(404);
  });

  it('tells at once when the Stately page cannot be reached, with the local page', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port: deadPort } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    inspector = await startInspector({
      mode: 'stately',
      port: 0,
      env: { SAMOCODE_STATELY_PROBE_URL: `http://127.0.0.1:${deadPort}/inspect` },
    });
    expect(await inspector.statelyWarning).toBe(
      `inspector: http://127.0.0.1:${deadPort}/inspect cannot be reached from this machine (the connection was refused (ECONNREFUSED)), so the Stately page will stay empty unless your browser can reach it; the local page needs no internet: open ${inspector.localUrl}`,
    );
  });

  it('has no warning when the page answers, nor once stopped while the probe waits', async () => {
    const answering = createServer((request, response) => {
      request.resume();
      if (request.url === '/ok') response.writeHead(200).end();
    });
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    const { port: live } = answering.address() as AddressInfo;
    try {
      inspector = await startInspector({
        mode: 'stately',
        port: 0,
        env: { SAMOCODE_STATELY_PROBE_URL: `http://127.0.0.1:${live}/ok` },
      });
      expect(await inspector.statelyWarning).toBeUndefined();
      await inspector.stop();
      inspector = await startInspector({
        mode: 'stately',
        port: 0,
        env: { SAMOCODE_STATELY_PROBE_URL: `http://127.0.0.1:${live}/never` },
      });
      const warning = inspector.statelyWarning;
      await inspector.stop();
      expect(await warning).toBeUndefined();
    } finally {
      answering.closeAllConnections();
      await new Promise((resolve) => answering.close(resolve));
    }
  });
});

describe('startInspector (local mode)', () => {
  it('names the session, serves no /local and never probes the Stately page', async () => {
    inspector = await startInspector({
      mode: 'local',
      port: 0,
      env: { SAMOCODE_STATELY_PROBE_URL: 'http://127.0.0.1:9/' },
      sessionName: 's1',
    });
    const { port } = inspector.relay;
    expect(inspector.localUrl).toBe(inspector.url);
    expect((await get(port, `127.0.0.1:${port}`)).body).toContain('<title>samocode inspector — s1</title>');
    expect((await get(port, `127.0.0.1:${port}`, '/local')).status).toBe(404);
    expect(await inspector.statelyWarning).toBeUndefined();
  });
});
