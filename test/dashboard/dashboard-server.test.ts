/** The dashboard server's reads: GET only, loopback guards, per-session detail, no path tricks. Real HTTP on 127.0.0.1. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { type Dashboard, serveDashboard } from '../../src/dashboard/dashboard-server.js';
import { PageDetailSchema, PageListSchema } from '../../src/dashboard/dashboard-wire.js';
import { buildRedactor } from '../../src/text/redact.js';
import { DEFAULT_VIEW_SETTINGS } from '../../src/view/view-settings.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

let dashboard: Dashboard | undefined;
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
  removeTempTrees();
});

const SECRET = 'sk-ant-dashboard-secret-000';
const PAGE_SCRIPT = 'document.title = "page script";';

async function start(): Promise<{ dashboard: Dashboard; sessions: string }> {
  const sessions = makeTempTree({ 'sessions/': '' });
  const dir = join(sessions, 'sessions', '26-12-01-alpha');
  mkdirSync(dir);
  const row = {
    v: 1,
    time: '2026-12-01T10:00:00.000Z',
    iteration: 1,
    sourcePhase: 'init',
    rawSignal: `{"status":"blocked","reason":"key ${SECRET} leaked"}`,
    event: 'signal.blocked',
    target: null,
    accepted: true,
    rejection: null,
    state: 'init.blocked',
    outcome: 'success',
    attempts: 1,
    durationMs: 1500,
    tokens: { input: 10, output: 2 },
    costUsd: 0.25,
    provider: 'claude',
    model: 'opus',
  };
  writeFileSync(join(dir, '_signal_history.jsonl'), `${JSON.stringify(row)}\n`);
  writeFileSync(
    join(dir, '_state.json'),
    JSON.stringify({
      v: 1,
      snapshot: {
        status: 'active',
        value: { init: 'blocked' },
        context: {
          ...initialContext(),
          totalIterations: 1,
          iterations: { ...initialContext().iterations, init: 1 },
          blocked: { reason: `uses ${SECRET}`, needs: 'environment', rule: 'agent' },
        },
      },
    }),
  );
  dashboard = await serveDashboard({
    sessionsDir: join(sessions, 'sessions'),
    readPlace: () => ({
      configPath: '/p/my proj/.samocode',
      settings: DEFAULT_VIEW_SETTINGS,
      branchPrefix: '',
      now: Date.parse('2026-12-01T10:01:00.000Z'),
    }),
    pageScript: PAGE_SCRIPT,
    machine: { phases: [{ phase: 'init', subStates: ['running', 'blocked'] }], mermaid: '' },
    diagram: Promise.resolve({ problem: 'not rendered in this test' }),
    redact: buildRedactor([SECRET]),
    port: 0,
  });
  return { dashboard, sessions: join(sessions, 'sessions') };
}

function fetchRaw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', () => {
  it('serves the page with a strict CSP and the session list as JSON, secrets redacted', async () => {
    const { dashboard } = await start();
    const page = await fetchRaw(dashboard.port, '/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    // The script comes from the server itself, never inline: the CSP allows only 'self'.
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/dashboard.js"></script>');
    const script = await fetchRaw(dashboard.port, '/dashboard.js');
    expect([script.status, script.body, script.headers['content-type']]).toEqual([
      200,
      PAGE_SCRIPT,
      'text/javascript; charset=utf-8',
    ]);
    const list = await fetchRaw(dashboard.port, '/api/sessions');
    const parsed = JSON.parse(list.body);
    expect(parsed.sessions).toHaveLength(1);
    expect(parsed.sessions[0]).toMatchObject({
      session: '26-12-01-alpha',
      state: 'init.blocked',
      headline: 'blocked in init: the agent needs a change to its environment',
      spend: { costUsd: 0.25, costText: '$0.25' },
      changedText: expect.stringMatching(/ ago$/),
    });
    expect(list.body).not.toContain(SECRET);
    expect(list.body).toContain('[redacted]');
  });

  it('gives one session’s detail: where it is, iterations per phase and the history table', async () => {
    const { dashboard } = await start();
    const detail = JSON.parse((await fetchRaw(dashboard.port, '/api/sessions/26-12-01-alpha')).body);
    expect(detail.at).toEqual({ phase: 'init', sub: 'blocked' });
    expect(detail.iterationsByPhase).toEqual({ ...initialContext().iterations, init: 1 });
    expect(detail.history).toEqual([
      expect.objectContaining({
        iteration: 1,
        event: 'signal.blocked',
        eventText: 'the agent signalled blocked',
        timeText: '12-01 10:00:00',
        durationS: 1.5,
        durationText: '1.5 s',
        costUsd: 0.25,
        costText: '$0.25',
        tokens: '10/2',
      }),
    ]);
    expect(detail.summary.continueWith).toBe(
      "samocode run --config '/p/my proj/.samocode' --session 26-12-01-alpha",
    );
    expect(detail.facts).toEqual([
      { label: 'iterations', value: '1' },
      { label: 'spend', value: '$0.25' },
      { label: 'tokens', value: '10 in / 2 out' },
      { label: 'worker', value: 'none' },
      { label: 'changed', value: expect.stringMatching(/ ago$/) },
    ]);
    // Every answer carries what the page parses: the page's own schema is the contract.
    expect(PageDetailSchema.safeParse(detail).success).toBe(true);
    const list = JSON.parse((await fetchRaw(dashboard.port, '/api/sessions')).body);
    expect(PageListSchema.safeParse(list).success).toBe(true);
  });

  it.each([
    ['/api/sessions/..%2F..%2Fetc', 404],
    ['/api/sessions/.hidden', 404],
    ['/api/sessions/nope', 404],
    ['/nothing', 404],
    ['/diagram.svg', 503],
    ['/api/sessions/%E0%A4%A', 400],
    ['/api/sessions/%', 400],
  ])('GET %s answers %i', async (path, status) => {
    const { dashboard } = await start();
    expect((await fetchRaw(dashboard.port, path)).status).toBe(status);
  });

  it('answers reads with GET only and refuses foreign hosts and origins (DNS rebinding, cross-site pages)', async () => {
    const { dashboard } = await start();
    expect((await fetchRaw(dashboard.port, '/api/sessions', { method: 'POST' })).status).toBe(405);
    expect(
      (await fetchRaw(dashboard.port, '/', { headers: { host: `evil.example:${dashboard.port}` } })).status,
    ).toBe(421);
    expect(
      (await fetchRaw(dashboard.port, '/api/sessions', { headers: { origin: 'http://evil.example' } }))
        .status,
    ).toBe(403);
    expect(
      (
        await fetchRaw(dashboard.port, '/api/sessions', {
          headers: { origin: `http://localhost:${dashboard.port}` },
        })
      ).status,
    ).toBe(200);
  });

  it('answers a malformed percent-encoding with 400 and a plain reason, not a 500 URIError', async () => {
    const { dashboard } = await start();
    const answer = await fetchRaw(dashboard.port, '/api/sessions/%zz');
    expect(answer).toMatchObject({ status: 400, body: 'bad percent-encoding in the URL\n' });
    expect((await fetchRaw(dashboard.port, '/')).status).toBe(200);
  });

  it('refuses a port that is taken with dashboard.port-taken (exit 2), naming the port and the way out', async () => {
    const { dashboard: first } = await start();
    const second = serveDashboard({
      sessionsDir: makeTempTree(),
      readPlace: () => ({
        configPath: '/p/.samocode',
        settings: DEFAULT_VIEW_SETTINGS,
        branchPrefix: '',
        now: Date.now(),
      }),
      pageScript: PAGE_SCRIPT,
      machine: { phases: [], mermaid: '' },
      diagram: Promise.resolve({ problem: 'none' }),
      redact: buildRedactor([]),
      port: first.port,
    });
    await expect(second).rejects.toMatchObject({
      code: 'dashboard.port-taken',
      exitCode: 2,
      message: expect.stringContaining(`port ${first.port} on 127.0.0.1 is taken`),
    });
    await expect(second).rejects.toThrow(/--port/);
  });
});
