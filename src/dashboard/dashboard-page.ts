/**
 * The dashboard page's HTML: no external assets, its style inline, its script from the server
 * (`/dashboard.js`, bundled from `browser/dashboard-main.ts`), its settings in a JSON block the
 * script parses. The script polls the server's JSON and places text; the diagram SVG is our own.
 * A dashboard that acts puts its per-process token in a `<meta>` tag the script sends back.
 */

import { TOKEN_META } from './dashboard-wire.js';

/** Where the server answers with the page's script. */
export const PAGE_SCRIPT_PATH = '/dashboard.js';

const toScriptJson = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

const STYLE = `
*{box-sizing:border-box}body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;align-items:center;gap:12px;padding:10px 16px;background:#1d2330;color:#fff}
header h1{font-size:17px;margin:0}header small{color:#c9ced8}.conn{font-size:12px;padding:2px 8px;border-radius:10px;background:#2a9d5c}
.conn.off{background:#b3541e}main{padding:12px 16px;display:flex;flex-direction:column;gap:14px}
#detail{display:grid;grid-template-columns:minmax(420px,1fr) 2fr;gap:12px;align-items:start}#detail .wide{grid-column:1/-1}
h2{font-size:15px;margin:4px 0 8px}h2 small{color:#6b7280;font-weight:400}
table{border-collapse:collapse;width:100%;background:#fff;font-size:12.5px}
td,th{padding:4px 8px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}th{color:#4b5563;font-weight:600}
#sessions tr{cursor:pointer}#sessions td{white-space:nowrap}#sessions td:last-child{white-space:normal;max-width:620px}[hidden]{display:none!important}#sessions tr:hover{background:#f1f5ff}#sessions tr.sel{background:#e6eeff}
.badge{display:inline-block;font-size:11.5px;padding:1px 7px;border-radius:9px;background:#e5e7eb;color:#374151;white-space:nowrap}
.a-waiting,.a-blocked,.a-failed,.a-corrupt,.a-interrupted{background:#fde2cf;color:#9a3412;font-weight:600}
.a-running{background:#d6f5e3;color:#166534}.a-completed{background:#e0e7ff;color:#3730a3}.a-suspended{background:#fef3c7;color:#92400e}
code,.mono{font-family:ui-monospace,monospace;font-size:12px}
#detail .card{background:#fff;border:1px solid #dfe3ea;border-radius:8px;padding:10px 12px}
#facts{display:flex;flex-wrap:wrap;gap:6px 18px}#facts b{font-weight:600}
#headline{color:#9a3412;margin-top:6px;font-weight:600}#headline:empty{display:none}#details .detail{color:#4b5563;font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap}
#sessions td.headline{white-space:normal;max-width:620px}.badge.human{font-weight:600}
#cmd{display:block;background:#1d2330;color:#e5e7eb;padding:6px 8px;border-radius:6px;margin-top:6px;white-space:pre-wrap;word-break:break-all}
#cmd:empty{display:none}
#diagram svg{width:100%;height:auto;max-height:150px}#diagram g.node.on rect,#diagram g.node.on polygon{fill:#2a9d5c;stroke:#166534}
#diagram g.node.on text{fill:#fff;font-weight:700}
.phases{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}.phase{border:1px solid #c9ced8;border-radius:6px;padding:4px 6px;min-width:96px;background:#fff}
.phase h3{margin:0 0 2px;font-size:12.5px;display:flex;justify-content:space-between;gap:4px}.phase h3 small{color:#6b7280;font-weight:400}
.phase.on{border-color:#2a9d5c;box-shadow:0 0 0 2px #2a9d5c55;background:#effaf3}
.sub{display:block;font-size:11px;padding:0 5px;margin:1px 0;border-radius:3px;color:#4b5563}.sub.on{background:#2a9d5c;color:#fff;font-weight:600}
.no{color:#9a3412}.empty{color:#6b7280;padding:8px}
#gate{margin-top:8px;border-top:1px solid #eceef2;padding-top:8px}#gate h3{font-size:13px;margin:0 0 4px}
#gatetext{max-height:260px;overflow:auto;background:#f6f7f9;border:1px solid #dfe3ea;padding:6px;white-space:pre-wrap;font-size:12px}
#gatetext:empty{display:none}#qa{width:100%;min-height:160px;font-family:ui-monospace,monospace;font-size:12px}
#actions{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}#actions input{min-width:220px}
#actions button{padding:4px 12px;border-radius:6px;border:1px solid #1d2330;background:#fff;cursor:pointer}
#actions button.main{background:#1d2330;color:#fff}#actresult{margin-top:6px;white-space:pre-wrap}#actresult.no{font-weight:600}
#lastdecision{color:#4b5563;margin-top:6px}#lastdecision:empty,#actresult:empty{display:none}
`;

export interface DashboardPageOptions {
  readonly machine: { readonly phases: readonly { phase: string; subStates: readonly string[] }[] };
  readonly pollMs: number;
  /** The per-process token every action POST carries; none: the page only reads. */
  readonly token?: string;
}

export function renderDashboardPage(options: DashboardPageOptions): { html: string; csp: string } {
  const config = { machine: options.machine, pollMs: Math.max(200, Math.round(options.pollMs)) };
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>samocode dashboard</title>
<meta name="viewport" content="width=device-width,initial-scale=1">${options.token ? `<meta name="${TOKEN_META}" content="${options.token}">` : ''}<style>${STYLE}</style></head>
<body><header><h1>samocode dashboard</h1><small id="dir"></small><span id="conn" class="conn">connecting…</span></header>
<main><section><h2>sessions <small id="count">0</small> <small>· the ones that need a human first${options.token ? '' : ' · read-only'}</small></h2>
<table><thead><tr><th>session</th><th>needs</th><th>phase</th><th>model</th><th>iter.</th><th>spend</th><th>state</th></tr></thead>
<tbody id="sessions"></tbody></table></section>
<section id="detail" hidden><div class="card"><h2><span id="name" class="mono"></span> <span id="attention"></span></h2>
<div id="facts"></div><div id="headline"></div><div id="details"></div><div id="nexttext"></div><code id="cmd"></code>
<div id="gate" hidden><h3>gate <span id="gateid" class="mono"></span></h3><div id="gateasks"></div>
<div id="gatefile" class="mono"></div><pre id="gatetext"></pre><textarea id="qa" hidden></textarea></div>
<div id="actions"></div><div id="actresult"></div><div id="lastdecision"></div></div>
<div class="card"><h2>machine</h2><div id="diagram"></div><div id="phases" class="phases"></div></div>
<div class="card wide"><h2>history <small id="hcount"></small></h2><table><thead><tr><th>time</th><th>it.</th><th>phase</th><th>ended with</th><th>note</th><th>state after</th><th>outcome</th><th>att.</th><th>took</th><th>cost</th><th>tokens</th></tr></thead>
<tbody id="history"></tbody></table></div></section></main>
<script type="application/json" id="dashboard-config">${toScriptJson(config)}</script>
<script src="${PAGE_SCRIPT_PATH}"></script></body></html>`;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
  ].join('; ');
  return { html, csp };
}
