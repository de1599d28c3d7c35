/**
 * The dashboard in real headless Chromium over sessions made by real runs of the fake claude:
 * running, waiting, blocked, failed, completed and corrupt. Skips when /usr/bin/chromium is absent
 * (install the Debian `chromium` package). SAMOCODE_UPDATE_SCREENSHOT=1 refreshes docs/dashboard.png.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/dashboard/dashboard-server.js';
import { PageDetailSchema, PageListSchema } from '../../src/dashboard/dashboard-wire.js';
import { startDashboard } from '../../src/dashboard/start-dashboard.js';
import { buildRedactor } from '../../src/text/redact.js';
import { DEFAULT_VIEW_SETTINGS } from '../../src/view/view-settings.js';
import { type FleetProject, MIXED, makeMixedFleet } from '../helpers/fleet-project.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the dashboard browser test: ${CHROMIUM} is absent (apt-get install chromium)`);

const root = resolve(import.meta.dirname, '../..');

describe.skipIf(!hasChromium)('dashboard in headless Chromium [slow]', { timeout: 240_000 }, () => {
  let browser: Browser | undefined;
  let fleet: FleetProject | undefined;
  let dashboard: Dashboard | undefined;
  let profile = '';

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'samocode-chromium-'));
    fleet = await makeMixedFleet();
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
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await fleet?.stopAll();
    removeTempTrees();
    rmSync(profile, { recursive: true, force: true });
  });

  it('lists every session live, human-needing first, and shows one session’s machine, history, spend and command', async () => {
    if (!fleet || !browser) throw new Error('setup failed');
    const { project } = fleet;
    dashboard = await startDashboard({
      sessionsDir: project.sessions,
      configPath: project.configPath,
      readPlace: () => ({
        configPath: project.configPath,
        settings: DEFAULT_VIEW_SETTINGS,
        branchPrefix: '',
        worktrees: { dir: project.worktrees, folders: new Set(readdirSync(project.worktrees)) },
        now: Date.now(),
      }),
      redact: buildRedactor(['sk-ant-fake']),
      pollMs: 300,
    });
    const page = await browser.newPage({ viewport: { width: 1500, height: 860 } });
    const outside: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(dashboard?.url ?? 'none')) outside.push(req.url());
    });
    const list = PageListSchema.parse(await (await fetch(`${dashboard.url}api/sessions`)).json());
    const waiting = list.sessions.find((s) => s.session.endsWith(`-${MIXED.waiting}`));
    await page.goto(`${dashboard.url}#${waiting?.session ?? 'none'}`);
    // Waits by selector: the page's CSP (no unsafe-eval) refuses string predicates.
    await page.locator('#sessions tr').nth(5).waitFor({ timeout: 120_000 });
    const rows = page.locator('#sessions tr');
    const attentions: (string | null)[] = [];
    for (let i = 0; i < 6; i += 1) attentions.push(await rows.nth(i).getAttribute('data-attention'));
    expect(attentions).toEqual(['waiting', 'blocked', 'failed', 'corrupt', 'running', 'completed']);
    await page.waitForSelector('body[data-state="planning.awaitingApproval"]', { timeout: 120_000 });
    expect(await page.getAttribute('.phase.on', 'data-phase')).toBe('planning');
    expect(await page.textContent('.phase.on .sub.on')).toBe('awaitingApproval');
    await page.waitForSelector('#diagram g.node.on', { timeout: 120_000 });
    expect(await page.getAttribute('#diagram g.node.on', 'data-id')).toBe('planning');
    expect(await page.locator('#history tr').count()).toBe(4);
    // The page places the view's JSON as it comes: the same words, command and cost, formatted by nobody else.
    const detail = PageDetailSchema.parse(
      await (await fetch(`${dashboard.url}api/sessions/${waiting?.session ?? 'none'}`)).json(),
    );
    expect(await page.textContent('#cmd')).toBe(detail.summary.next?.command);
    expect(detail.summary.next?.command).toMatch(
      /^samocode approve --config \S+ --session \d\d-\d\d-\d\d-needs-approval && samocode run /,
    );
    expect(await page.textContent('#nexttext')).toBe(detail.summary.next?.text);
    expect(await page.textContent('#headline')).toBe('the plan waits for your approval');
    expect(await page.textContent('[data-fact="spend"]')).toBe(detail.summary.spend.costText);
    expect(detail.summary.spend.costText).toMatch(/^\$0\.0\d$/);
    expect(await page.locator('#history tr td:nth-child(4)').allTextContents()).toEqual(
      detail.history.map((line) => line.eventText),
    );
    expect(await page.locator('#history tr td:nth-child(10)').allTextContents()).toEqual(
      detail.history.map((line) => line.costText),
    );
    const headlines = await page.locator('#sessions tr td.headline').allTextContents();
    expect(headlines).toEqual(list.sessions.map((summary) => summary.headline));
    expect(await page.content()).not.toContain('sk-ant-fake');

    const target =
      process.env.SAMOCODE_UPDATE_SCREENSHOT === '1'
        ? join(root, 'docs/dashboard.png')
        : join(profile, 'dashboard.png');
    await page.screenshot({ path: target, fullPage: true });
    expect(existsSync(target)).toBe(true);

    // Live: the running session stops (its worker ends); the page shows it as interrupted without a reload.
    const runningRow = page.locator('#sessions tr[data-attention="running"]');
    expect(await runningRow.count()).toBe(1);
    await fleet.stopAll();
    await page.waitForSelector('#sessions tr[data-attention="interrupted"]', { timeout: 60_000 });
    expect(await page.locator('#sessions tr[data-attention="running"]').count()).toBe(0);
    expect(outside).toEqual([]);
    await page.close();
  });
});
