/**
 * The dashboard's actions over real HTTP on 127.0.0.1, on a session a real run of the fake claude
 * parked at plan approval: only a POST with the page's token, from our own Host and Origin, with a
 * small JSON body acts; a decision posted twice applies once, as the CLI's would.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/dashboard/dashboard-server.js';
import { PageDetailSchema, TOKEN_HEADER, TOKEN_META } from '../../src/dashboard/dashboard-wire.js';
import { startDashboard } from '../../src/dashboard/start-dashboard.js';
import { localUser } from '../../src/gates/local-user.js';
import { readHistory } from '../../src/session/history.js';
import { buildRedactor } from '../../src/text/redact.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

let dashboard: Dashboard | undefined;
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
  await stopSessionRuns();
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
const TO_PLAN = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
  [
    { do: 'note', name: '004-plan.md', content: '# Plan\n\n<b>step one</b>\n' },
    ...signal({ status: 'waiting', for: 'plan_approval' }),
  ],
];

const TO_DONE = [
  signal({ status: 'continue', phase: 'testing' }),
  signal({ status: 'continue', phase: 'done' }),
  signal({ status: 'done', summary: 'finished' }),
];

/** Polls until `read` resolves to something, failing with `what` after a generous deadline. */
async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function tokenOf(html: string): string {
  const token = new RegExp(`<meta name="${TOKEN_META}" content="([A-Za-z0-9_-]+)">`).exec(html)?.[1];
  if (token === undefined) throw new Error('the page carries no token');
  return token;
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
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
    // The server may answer (413) and close before a large body is all written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? undefined : reject(error)));
    req.end(options.body);
  });
}

/** A session parked at plan approval, its folder, and a dashboard over its project. */
async function parkedAtApproval() {
  const h = await makeSessionCli('act', TO_PLAN);
  const parked = await h.samocode('run');
  expect(parked.exitCode, String(parked.stderr)).toBe(10);
  const folder = h.sessionDir().split('/').at(-1) ?? '';
  dashboard = await startDashboard({
    sessionsDir: h.project.sessions,
    configPath: h.project.configPath,
    redact: buildRedactor(['sk-ant-fake']),
  });
  const token = tokenOf((await send(dashboard.port, '/')).body);
  return { h, folder, port: dashboard.port, token };
}

const detailOf = async (port: number, folder: string) =>
  PageDetailSchema.parse(JSON.parse((await send(port, `/api/sessions/${folder}`)).body));

const decisionRows = (dir: string) =>
  readHistory(join(dir, '_signal_history.jsonl')).rows.filter((row) => row.decision !== undefined);

describe('dashboard actions over HTTP [slow: a real run parks the session]', { timeout: 180_000 }, () => {
  it('refuses every action without our token, Host, Origin, POST, JSON or a small body, and changes nothing', async () => {
    const { h, folder, port, token } = await parkedAtApproval();
    const path = `/api/sessions/${folder}/approve`;
    const json = { 'content-type': 'application/json' };
    const own = { ...json, [TOKEN_HEADER]: token, origin: `http://127.0.0.1:${port}` };
    const refusals: [string, Promise<Answer>, number][] = [
      ['no token', send(port, path, { method: 'POST', headers: json, body: '{}' }), 403],
      [
        'a wrong token',
        send(port, path, { method: 'POST', headers: { ...own, [TOKEN_HEADER]: `${token}x` }, body: '{}' }),
        403,
      ],
      [
        'a foreign origin',
        send(port, path, { method: 'POST', headers: { ...own, origin: 'http://127.0.0.1:1' }, body: '{}' }),
        403,
      ],
      [
        'a foreign host',
        send(port, path, { method: 'POST', headers: { ...own, host: `evil.example:${port}` }, body: '{}' }),
        421,
      ],
      ['GET', send(port, path, { headers: own }), 405],
      [
        'a form post',
        send(port, path, {
          method: 'POST',
          headers: { ...own, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=1',
        }),
        415,
      ],
      [
        'an oversize body',
        send(port, path, { method: 'POST', headers: own, body: JSON.stringify({ qa: 'x'.repeat(70_000) }) }),
        413,
      ],
      ['not JSON', send(port, path, { method: 'POST', headers: own, body: '{' }), 400],
      ['an unknown field', send(port, path, { method: 'POST', headers: own, body: '{"evil":1}' }), 400],
      [
        'an unknown action',
        send(port, `/api/sessions/${folder}/launch`, { method: 'POST', headers: own, body: '{}' }),
        404,
      ],
      [
        'no such session',
        send(port, '/api/sessions/nope/approve', { method: 'POST', headers: own, body: '{}' }),
        404,
      ],
    ];
    for (const [what, answer, status] of refusals) {
      const got = await answer;
      expect([what, got.status], got.body).toEqual([what, status]);
      expect(JSON.parse(got.body)).toMatchObject({ ok: false, message: expect.any(String) });
    }
    const get = await send(port, path, { headers: own });
    expect(get.headers.allow).toBe('POST');
    expect(
      JSON.parse((await send(port, path, { method: 'POST', headers: json, body: '{}' })).body).message,
    ).toContain(TOKEN_HEADER);
    const detail = await detailOf(port, folder);
    expect(detail.summary.machine.state).toBe('planning.awaitingApproval');
    expect(decisionRows(h.sessionDir())).toEqual([]);
  });

  it('shows the plan as text; an approval posted twice applies once, as the local user via dashboard', async () => {
    const { h, folder, port, token } = await parkedAtApproval();
    const before = await detailOf(port, folder);
    expect(before.summary.gate).toMatchObject({ id: `${folder}/g1-approval`, kind: 'approval' });
    expect(before.gateText).toEqual({
      path: join(h.sessionDir(), '004-plan.md'),
      text: '# Plan\n\n<b>step one</b>\n',
    });
    const post = () =>
      send(port, `/api/sessions/${folder}/approve`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TOKEN_HEADER]: token,
          origin: `http://localhost:${port}`,
        },
        body: JSON.stringify({ gateId: `${folder}/g1-approval` }),
      });
    const both = await Promise.all([post(), post()]);
    const answers = both.map((one) => ({ status: one.status, ...JSON.parse(one.body) }));
    expect(answers.map((one) => one.status).sort()).toEqual([200, 409]);
    const won = answers.find((one) => one.status === 200);
    const lost = answers.find((one) => one.status === 409);
    expect(won?.message).toMatch(/^approved the plan: implementation is next; continue with: samocode run /);
    expect(lost?.message).toMatch(/already approved at \d\d:\d\d by \S+ via dashboard|that gate is closed/);
    const rows = decisionRows(h.sessionDir());
    expect(rows.map((row) => [row.event, row.decision?.channel, row.decision?.who])).toEqual([
      ['approve', 'dashboard', localUser()],
    ]);
    const after = await detailOf(port, folder);
    expect(after.summary.gate).toBeUndefined();
    expect(after.summary.lastDecision?.text).toMatch(
      new RegExp(`^approved at \\d\\d:\\d\\d by ${localUser()} via dashboard$`),
    );
    // Once applied, the next run goes on from implementation (the CLI sees the same session).
    const status = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(status.view.lastDecision.channel).toBe('dashboard');
  });

  it('hands an approval to the run --wait that waits at the gate, which goes on to the end', async () => {
    const h = await makeSessionCli('handed', [...TO_PLAN, ...TO_DONE]);
    const run = h.samocode('run', '--wait');
    dashboard = await startDashboard({
      sessionsDir: h.project.sessions,
      configPath: h.project.configPath,
      redact: buildRedactor([]),
    });
    const { port } = dashboard;
    const token = tokenOf((await send(port, '/')).body);
    const folder = await until('the waiting run at its gate', async () => {
      const list = JSON.parse((await send(port, '/api/sessions')).body);
      const [first] = list.sessions;
      return first?.gate && first.worker.isRunning ? String(first.session) : undefined;
    });
    const approve = await send(port, `/api/sessions/${folder}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: '{}',
    });
    expect(approve.status, approve.body).toBe(200);
    expect(JSON.parse(approve.body).message).toMatch(
      /^approved at \d\d:\d\d by \S+ via dashboard: the run waiting at the gate \(pid \d+\) took it and goes on$/,
    );
    expect((await run).exitCode).toBe(0);
    expect(decisionRows(h.sessionDir()).map((row) => row.decision?.channel)).toEqual(['dashboard']);
  });

  it('stops the run --wait that waits at the gate: it exits 130, the session resumable', async () => {
    const h = await makeSessionCli('stopped', TO_PLAN);
    const run = h.samocode('run', '--wait');
    dashboard = await startDashboard({
      sessionsDir: h.project.sessions,
      configPath: h.project.configPath,
      redact: buildRedactor([]),
    });
    const { port } = dashboard;
    const token = tokenOf((await send(port, '/')).body);
    const folder = await until('the waiting run at its gate', async () => {
      const list = JSON.parse((await send(port, '/api/sessions')).body);
      const [first] = list.sessions;
      return first?.gate && first.worker.isRunning ? String(first.session) : undefined;
    });
    const stop = await send(port, `/api/sessions/${folder}/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: '{"reason":"lunch"}',
    });
    expect(stop.status, stop.body).toBe(200);
    expect(JSON.parse(stop.body).message).toMatch(/stop requested at \d\d:\d\d by \S+ via dashboard/);
    expect((await run).exitCode).toBe(130);
    expect((await detailOf(port, folder)).summary.gate?.id).toBe(`${folder}/g1-approval`);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'another user of this machine gets a page without the token and cannot act with ours',
    async () => {
      const { h, folder, port, token } = await parkedAtApproval();
      const script = `
        const { request } = require('node:http');
        const ask = (method, path, headers, body) => new Promise((resolve) => {
          const req = request({ host: '127.0.0.1', port: ${port}, path, method, headers }, (res) => {
            let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => resolve({ status: res.statusCode, text }));
          });
          req.end(body);
        });
        (async () => {
          const page = await ask('GET', '/', {});
          const post = await ask('POST', '/api/sessions/${folder}/approve', { 'content-type': 'application/json', '${TOKEN_HEADER}': '${token}' }, '{}');
          process.stdout.write(JSON.stringify({ page, post }));
        })();`;
      const nobody = await execa(process.execPath, ['-e', script], {
        uid: 65534,
        gid: 65534,
        cwd: '/',
        reject: false,
      });
      expect(nobody.exitCode, String(nobody.stderr)).toBe(0);
      const { page, post } = JSON.parse(String(nobody.stdout));
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(TOKEN_META);
      expect(page.text).not.toContain(token);
      expect(post.status).toBe(403);
      expect(JSON.parse(post.text).message).toMatch(/^another user of this machine \(uid 65534\) cannot act/);
      expect(decisionRows(h.sessionDir())).toEqual([]);
    },
  );

  it('stop with no process holding the session changes nothing and says so', async () => {
    const { folder, port, token } = await parkedAtApproval();
    const stop = await send(port, `/api/sessions/${folder}/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: '{}',
    });
    expect(stop.status).toBe(409);
    expect(JSON.parse(stop.body).message).toMatch(/^no process runs session \S+; nothing to stop/);
  });
});
