/**
 * The offline inspector page: no external assets, its typed script (`browser/viewer-main.ts`,
 * bundled at build time) inlined. The relay sends each message with a `view` built on the server.
 */
import { readBrowserBundle } from '../browser-bundle.js';

/** The bundle of `src/inspect/browser/viewer-main.ts` (`scripts/build.mjs`). */
export const VIEWER_BUNDLE = 'viewer-main';

const STYLE = `
*{box-sizing:border-box}body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;align-items:center;gap:12px;padding:10px 16px;background:#1d2330;color:#fff}
header h1{font-size:17px;margin:0}.conn{font-size:12px;padding:2px 8px;border-radius:10px;background:#7a8194}
.conn.on{background:#2a9d5c}.conn.off{background:#b3541e}main{padding:12px 16px}
#summary{display:flex;flex-wrap:wrap;gap:18px;margin-bottom:12px}#summary code{font-size:15px;font-weight:600}
#note{color:#9a3412;flex-basis:100%}#note:empty{display:none}
.phases{display:flex;flex-wrap:wrap;gap:8px;align-items:stretch}
.phase{border:1px solid #c9ced8;border-radius:8px;background:#fff;padding:6px 8px;min-width:118px}
.phase h3{margin:0 0 4px;font-size:13px;display:flex;justify-content:space-between;gap:6px}
.phase h3 small{color:#6b7280;font-weight:400}.phase.on{border-color:#2a9d5c;box-shadow:0 0 0 2px #2a9d5c55;background:#effaf3}
.phase.final{min-width:90px}.sub{display:block;font-size:12px;padding:1px 6px;margin:2px 0;border-radius:4px;color:#4b5563}
.sub.on{background:#2a9d5c;color:#fff;font-weight:600}
h2{font-size:15px;margin:18px 0 6px}h2 small{color:#6b7280;font-weight:400}
table{border-collapse:collapse;width:100%;background:#fff;font-size:12.5px}
td,th{padding:3px 8px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}
td:first-child{font-family:ui-monospace,monospace;color:#6b7280;white-space:nowrap}td:nth-child(2){white-space:nowrap;font-weight:600}
`;

/** Text for HTML: a session name is `[A-Za-z0-9._-]`, but the page does not rely on it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `samocode inspector — 26-12-07-add-login`, or without a name when there is none. */
export function inspectorTitle(sessionName: string | undefined, what = 'samocode inspector'): string {
  return sessionName ? `${what} — ${escapeHtml(sessionName)}` : what;
}

/** The page around `script`, for the port the relay bound (its CSP names it). */
export function renderViewerPage(
  script: string,
  sessionName?: string,
): (port: number) => { html: string; csp: string } {
  return (port) => {
    const title = inspectorTitle(sessionName);
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><header><h1>${title}</h1><span id="conn" class="conn">connecting…</span></header>
<main><section id="summary">${sessionName ? `<div>session <b id="session">${escapeHtml(sessionName)}</b></div>` : ''}<div>machine <b id="machine">—</b></div><div>state <code id="state">—</code></div>
<div>iterations <b id="total">0</b> · attempt <b id="attempt">–</b></div><div id="note"></div></section>
<section id="phases" class="phases"></section>
<h2>events <small id="count">0</small></h2>
<table><thead><tr><th>time</th><th>event</th><th>details</th></tr></thead><tbody id="events"></tbody></table></main>
<script>${script}</script></body></html>`;
    const csp = [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      "script-src 'unsafe-inline'",
      `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
    ].join('; ');
    return { html, csp };
  };
}

/** The page with the built script, read now: a missing build fails `--inspect` at once, not in the browser. */
export function readViewerPage(sessionName?: string): (port: number) => { html: string; csp: string } {
  return renderViewerPage(readBrowserBundle(VIEWER_BUNDLE), sessionName);
}
