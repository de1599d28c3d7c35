/**
 * The offline page in real headless Chromium: it shows the live phase and sub-state and the
 * event log. Skips when /usr/bin/chromium is absent (install the Debian `chromium` package).
 * SAMOCODE_UPDATE_SCREENSHOT=1 refreshes docs/inspector.png.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningInspector, startInspector } from '../../src/inspect/start-inspector.js';
import { DEMO_SECRET, runDemoSession } from './fixtures/demo-session.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the inspector browser test: ${CHROMIUM} is absent (apt-get install chromium)`);

const root = resolve(import.meta.dirname, '../..');

describe.skipIf(!hasChromium)('inspector page in headless Chromium', () => {
  let browser: Browser | undefined;
  let inspector: RunningInspector | undefined;
  let profile = '';

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
  });
  afterAll(async () => {
    await browser?.close();
    await inspector?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it('highlights the current phase and sub-state and lists the events', async () => {
    inspector = await startInspector({ mode: 'local', port: 0, env: { DEMO_TOKEN: DEMO_SECRET } });
    const actor = await runDemoSession(inspector.inspect);
    const page = await (browser ?? (await chromium.launch())).newPage({
      viewport: { width: 1320, height: 600 },
    });
    const blocked: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith('http://127.0.0.1:')) blocked.push(req.url());
    });
    await page.goto(inspector.url);
    await page.waitForFunction("document.body.dataset.state === 'implementation.awaitingAction'", undefined, {
      timeout: 120_000,
    });
    expect(await page.textContent('#state')).toBe('implementation.awaitingAction');
    expect(await page.getAttribute('.phase.on', 'data-phase')).toBe('implementation');
    expect(await page.textContent('.phase.on .sub.on')).toBe('awaitingAction');
    expect(await page.locator('.phase').count()).toBe(9);
    expect(await page.textContent('#conn')).toBe('live');
    expect(await page.textContent('#note')).toBe(
      'waiting for human_action: set DB_PASSWORD=[redacted] in …/env',
    );
    expect(Number(await page.textContent('#count'))).toBeGreaterThanOrEqual(5);
    expect(await page.content()).not.toContain(DEMO_SECRET);
    expect(blocked).toEqual([]);
    const target =
      process.env.SAMOCODE_UPDATE_SCREENSHOT === '1'
        ? join(root, 'docs/inspector.png')
        : join(profile, 'inspector.png');
    await page.screenshot({ path: target, fullPage: true });
    expect(existsSync(target)).toBe(true);
    actor.stop();
    await page.close();
  });
});
