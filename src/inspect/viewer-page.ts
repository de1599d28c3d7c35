/**
 * The offline inspector page: no external assets, one inline script. It reads the sub-states
 * from the root `@xstate.actor` definition, draws the phases as a row of boxes in workflow
 * order with the current phase and sub-state highlighted, and lists the events.
 */
import { PHASES } from '../../machines/phases.js';
import { SUB_STATES } from '../../machines/sub-states.js';

/** Sub-states are listed in the machine's own order. */
const SUB_ORDER = SUB_STATES;

/** JSON that is safe inside a `<script>` element. */
const toScriptJson = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

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

const SCRIPT = `
const $ = (id) => document.getElementById(id);
let root = null, subs = {}, value = null, ctx = {}, events = 0;
const order = (list) => list.slice().sort((a, b) => rank(a) - rank(b));
const rank = (s) => { const i = SUB_ORDER.indexOf(s); return i < 0 ? 99 : i; };
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; }
function parse(v) { if (typeof v === 'string') return { phase: null, sub: v }; const k = v && Object.keys(v)[0]; return k ? { phase: k, sub: String(v[k]) } : { phase: null, sub: '' }; }
function render() {
  const at = value === null ? { phase: null, sub: '' } : parse(value);
  const box = $('phases'); box.replaceChildren();
  for (const phase of PHASES) {
    const p = el('div', 'phase' + (at.phase === phase ? ' on' : '')); p.dataset.phase = phase;
    const h = el('h3', '', phase); h.append(el('small', '', ((ctx.iterations && ctx.iterations[phase]) || 0) + ' it.')); p.append(h);
    for (const s of order(subs[phase] || [])) { const c = el('span', 'sub' + (at.phase === phase && at.sub === s ? ' on' : ''), s); p.append(c); }
    box.append(p);
  }
  const fin = el('div', 'phase final' + (at.phase === null && at.sub === 'completed' ? ' on' : '')); fin.dataset.phase = 'completed';
  fin.append(el('h3', '', 'completed')); box.append(fin);
  $('state').textContent = value === null ? '—' : (at.phase ? at.phase + '.' + at.sub : at.sub);
  document.body.dataset.state = $('state').textContent;
  $('total').textContent = ctx.totalIterations ?? 0; $('attempt').textContent = ctx.attempt ?? '–';
  const why = ctx.blocked ? 'blocked: ' + ctx.blocked.reason : ctx.waiting ? 'waiting for ' + ctx.waiting.for + (ctx.waiting.summary ? ': ' + ctx.waiting.summary : '')
    : ctx.failure ? 'failure (' + ctx.failure.outcome + '): ' + ctx.failure.message
    : ctx.suspension ? 'usage limit, resumes ' + (ctx.suspension.resetsAt || 'in ' + Math.round(ctx.suspension.waitMs / 1000) + ' s') : '';
  $('note').textContent = why;
}
function details(e) {
  return ['target', 'for', 'needs', 'outcome', 'kind', 'reason', 'problem', 'message', 'summary']
    .filter((k) => e[k] !== undefined).map((k) => k + ': ' + e[k]).join(' · ');
}
function onMessage(m) {
  if (m.type === '@xstate.actor' && !m.parentId && root === null) {
    root = m.sessionId; $('machine').textContent = m.name || m.sessionId;
    try { const def = JSON.parse(m.definition || '{}'); for (const p of PHASES) subs[p] = Object.keys(((def.states || {})[p] || {}).states || {}); } catch (err) { subs = {}; }
    if (m.snapshot && m.snapshot.value !== undefined) { value = m.snapshot.value; ctx = m.snapshot.context || {}; }
    render();
  }
  if (root === null || m.sessionId !== root) return;
  if (m.type === '@xstate.snapshot') { value = m.snapshot.value; ctx = m.snapshot.context || {}; render(); }
  if (m.type === '@xstate.event') {
    const row = el('tr'); row.append(el('td', '', new Date(Number(m.createdAt)).toISOString().slice(11, 23)), el('td', '', m.event.type), el('td', '', details(m.event)));
    $('events').prepend(row); $('count').textContent = ++events;
  }
}
const ws = new WebSocket('ws://' + location.host);
ws.onopen = () => { $('conn').textContent = 'live'; $('conn').className = 'conn on'; };
ws.onclose = () => { $('conn').textContent = 'disconnected: the session has stopped'; $('conn').className = 'conn off'; };
ws.onmessage = (msg) => { try { onMessage(JSON.parse(msg.data)); } catch (err) { console.error(err); } };
render();
`;

export function renderViewerPage(port: number): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>samocode inspector</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><header><h1>samocode inspector</h1><span id="conn" class="conn">connecting…</span></header>
<main><section id="summary"><div>machine <b id="machine">—</b></div><div>state <code id="state">—</code></div>
<div>iterations <b id="total">0</b> · attempt <b id="attempt">–</b></div><div id="note"></div></section>
<section id="phases" class="phases"></section>
<h2>events <small id="count">0</small></h2>
<table><thead><tr><th>time</th><th>event</th><th>details</th></tr></thead><tbody id="events"></tbody></table></main>
<script>const PHASES = ${toScriptJson(PHASES)}; const SUB_ORDER = ${toScriptJson(SUB_ORDER)};
${SCRIPT}</script></body></html>`;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "script-src 'unsafe-inline'",
    `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
  ].join('; ');
  return { html, csp };
}
