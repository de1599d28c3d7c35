/**
 * The dashboard's actions in real headless Chromium, on sessions real runs of the fake claude
 * parked at a gate: Approve is clicked and the session moves on; answers typed in the page's form
 * become `_qa.md`; a page on another loopback origin that posts a form to the dashboard changes
 * nothing. Skips when /usr/bin/chromium is absent (install the Debian `chromium` package).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/dashboard/dashboard-server.js';
import { startDashboard } from '../../src/dashboard/start-dashboard.js';
import { localUser } from '../../src/gates/local-user.js';
import { readHistory } from '../../src/session/history.js';
import { buildRedactor } from '../../src/text/redact.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `skipping the dashboard actions browser test: ${CHROMIUM} is absent (apt-get install chromium)`,
  );

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
const PLAN = '# Plan\n\n<b>step one</b>\n';
const TO_PLAN = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
  [
    { do: 'note', name: '004-plan.md', content: PLAN },
    ...signal({ status: 'waiting', for: 'plan_approval' }),
  ],
];
const TO_QUESTIONS = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  [
    { do: 'note', name: '_qa.md', content: '# Q&A\n\n1. Which database?\n' },
    ...signal({ status: 'waiting', for: 'qa_answers' }),
  ],
];

const decisionRows = (dir: string) =>
  readHistory(join(dir, '_signal_history.jsonl')).rows.filter((row) => row.decision !== undefined);

/** A session a real run left at a gate, and a dashboard over its project. */
async function parked(name: string, calls: unknown[]) {
  const h = await makeSessionCli(name, calls);
  const run = await h.samocode('run');
  expect(run.exitCode, String(run.stderr)).toBe(10);
  const dashboard = await startDashboard({
    sessionsDir: h.project.sessions,
    configPath: h.project.configPath,
    redact: buildRedactor(['sk-ant-fake']),
    pollMs: 300,
  });
  dashboards.push(dashboard);
  return { h, dashboard, folder: h.sessionDir().split('/').at(-1) ?? '' };
}

const dashboards: Dashboard[] = [];

describe.skipIf(!hasChromium)('dashboard actions in headless Chromium [slow]', { timeout: 240_000 }, () => {
  let browser: Browser | undefined;
  let profile = '';
  let foreign: Server | undefined;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'samocode-chromium-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  }, 240_000);
  afterEach(async () => {
    for (const dashboard of dashboards.splice(0)) await dashboard.close();
    await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
    foreign = undefined;
    await stopSessionRuns();
    removeTempTrees();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the plan as text; clicking Approve moves the session on and shows who approved it', async () => {
    if (!browser) throw new Error('setup failed');
    const { h, dashboard, folder } = await parked('click', TO_PLAN);
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}#${folder}`);
    await page.locator('button[data-action="approve"]').waitFor({ timeout: 60_000 });
    expect(await page.textContent('#gateid')).toBe(`${folder}/g1-approval`);
    // The plan's markup is shown as its characters, never parsed as HTML.
    expect(await page.textContent('#gatetext')).toBe(PLAN);
    expect(await page.locator('#gatetext b').count()).toBe(0);
    await page.click('button[data-action="approve"]');
    await page.locator('#actresult[data-ok="true"]').waitFor({ timeout: 60_000 });
    expect(await page.textContent('#actresult')).toMatch(
      /^approved the plan: implementation is next; continue with: samocode run /,
    );
    await page.locator('#gate[hidden]').waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('button[data-action="approve"]').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.getAttribute('body', 'data-state')).toMatch(/^implementation\./);
    expect(await page.textContent('#lastdecision')).toMatch(
      new RegExp(`^last decision: approved at \\d\\d:\\d\\d by ${localUser()} via dashboard$`),
    );
    expect(decisionRows(h.sessionDir()).map((row) => [row.event, row.decision?.channel])).toEqual([
      ['approve', 'dashboard'],
    ]);
    await page.close();
  });

  it('answers typed in the form become _qa.md and the session goes on', async () => {
    if (!browser) throw new Error('setup failed');
    const { h, dashboard, folder } = await parked('answers', TO_QUESTIONS);
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}#${folder}`);
    await page.locator('button[data-action="answer"]').waitFor({ timeout: 60_000 });
    expect(await page.inputValue('#qa')).toBe('# Q&A\n\n1. Which database?\n');
    await page.fill('#qa', '# Q&A\n\n1. Which database? Postgres.\n');
    await page.click('button[data-action="answer"]');
    await page.locator('#actresult[data-ok="true"]').waitFor({ timeout: 60_000 });
    expect(readFileSync(join(h.sessionDir(), '_qa.md'), 'utf8')).toBe(
      '# Q&A\n\n1. Which database? Postgres.\n',
    );
    await page.locator('button[data-action="answer"]').waitFor({ state: 'detached', timeout: 60_000 });
    expect(
      decisionRows(h.sessionDir()).map((row) => [row.event, row.decision?.action, row.decision?.channel]),
    ).toEqual([[expect.any(String), 'answer', 'dashboard']]);
    await page.close();
  });

  it('a form on another loopback origin posting to the dashboard changes nothing', async () => {
    if (!browser) throw new Error('setup failed');
    const { h, dashboard, folder } = await parked('cross', TO_PLAN);
    const target = `${dashboard.url}api/sessions/${folder}/approve`;
    const html = `<!doctype html><form id="f" method="post" enctype="text/plain" action="${target}"><input name='{"a":"' value='"}'></form>
<script>fetch(${JSON.stringify(target)},{method:'POST',mode:'no-cors',headers:{'content-type':'text/plain'},body:'{}'}).finally(()=>document.getElementById('f').submit())</script>`;
    foreign = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end(html),
    );
    await new Promise<void>((resolve) => foreign?.listen(0, '127.0.0.1', () => resolve()));
    const address = foreign.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const page = await browser.newPage();
    const answered = page.waitForResponse(
      (response) =>
        response.url() === target &&
        response.request().method() === 'POST' &&
        response.request().resourceType() === 'document',
      { timeout: 60_000 },
    );
    await page.goto(`http://127.0.0.1:${port}/`);
    const refused = await answered;
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('wrong origin');
    const status = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(status.view.gate.id).toBe(`${folder}/g1-approval`);
    expect(decisionRows(h.sessionDir())).toEqual([]);
    await page.close();
  });
});
