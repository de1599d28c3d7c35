/**
 * The dashboard page: no external assets, one inline script that polls the server's JSON once a
 * second. Every value reaches the DOM through `textContent`; the diagram SVG is our own.
 */

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
#why{color:#9a3412;margin-top:6px}#why:empty{display:none}
#cmd{display:block;background:#1d2330;color:#e5e7eb;padding:6px 8px;border-radius:6px;margin-top:6px;white-space:pre-wrap;word-break:break-all}
#cmd:empty{display:none}
#diagram svg{width:100%;height:auto;max-height:150px}#diagram g.node.on rect,#diagram g.node.on polygon{fill:#2a9d5c;stroke:#166534}
#diagram g.node.on text{fill:#fff;font-weight:700}
.phases{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}.phase{border:1px solid #c9ced8;border-radius:6px;padding:4px 6px;min-width:96px;background:#fff}
.phase h3{margin:0 0 2px;font-size:12.5px;display:flex;justify-content:space-between;gap:4px}.phase h3 small{color:#6b7280;font-weight:400}
.phase.on{border-color:#2a9d5c;box-shadow:0 0 0 2px #2a9d5c55;background:#effaf3}
.sub{display:block;font-size:11px;padding:0 5px;margin:1px 0;border-radius:3px;color:#4b5563}.sub.on{background:#2a9d5c;color:#fff;font-weight:600}
.no{color:#9a3412}.empty{color:#6b7280;padding:8px}
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; }
let selected = decodeURIComponent(location.hash.slice(1)) || null, diagramLoaded = false;
// The one cost format (src/log/figures.ts): $0.03, <$0.01, ≈$0.01 (estimated), n/a.
const money = (usd, basis) => {
  if (basis === 'none') return 'n/a';
  const n = Number(usd); const text = n > 0 && n < 0.005 ? '<$0.01' : '$' + n.toFixed(2);
  return basis === 'estimated' ? '≈' + text + ' (estimated)' : text;
};
function age(iso) { const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000)); return s < 90 ? s + 's' : s < 5400 ? Math.round(s / 60) + 'm' : s < 129600 ? Math.round(s / 3600) + 'h' : Math.round(s / 86400) + 'd'; }
function clip(cell) { const t = cell.textContent; if (t.length > 150) { cell.title = t; cell.textContent = t.slice(0, 149) + '…'; } return cell; }
function badge(a, human) { return el('span', 'badge a-' + a, human ? 'human: ' + a : a); }
function renderList(data) {
  const body = $('sessions'); body.replaceChildren();
  $('count').textContent = data.sessions.length; $('dir').textContent = data.sessionsDir;
  if (data.sessions.length === 0) { const r = el('tr'); const c = el('td', 'empty', 'no sessions yet'); c.colSpan = 7; r.append(c); body.append(r); }
  for (const s of data.sessions) {
    const r = el('tr', s.session === selected ? 'sel' : ''); r.dataset.session = s.session; r.dataset.attention = s.attention;
    const b = el('td'); b.append(badge(s.attention, s.needsHuman));
    r.append(el('td', 'mono', s.session), el('td', 'mono', s.state), b, el('td', '', s.iterations), el('td', '', money(s.costUsd, s.costBasis)),
      el('td', '', s.worker.isRunning ? 'pid ' + s.worker.pid : '–'), clip(el('td', '', [s.waitsFor, s.detail].filter(Boolean).join(': '))));
    r.title = 'changed ' + age(s.lastChange) + ' ago';
    r.onclick = () => { selected = s.session; location.hash = encodeURIComponent(s.session); poll(); };
    body.append(r);
  }
  if (selected === null && data.sessions.length > 0) { selected = data.sessions[0].session; }
}
function renderDetail(d) {
  const s = d.summary;
  $('detail').hidden = false; $('name').textContent = s.session;
  document.body.dataset.selected = s.session; document.body.dataset.state = s.state;
  const facts = $('facts'); facts.replaceChildren();
  const fact = (label, value, id) => { const f = el('span', '', label + ' '); const b = el('b', '', value); if (id) b.id = id; f.append(b); facts.append(f); };
  fact('state', s.state, 'state'); fact('iterations', s.iterations); fact('spend', money(s.costUsd, s.costBasis), 'spend');
  fact('tokens', s.tokens.input + ' in / ' + s.tokens.output + ' out'); fact('worker', s.worker.isRunning ? 'pid ' + s.worker.pid : 'none');
  fact('changed', age(s.lastChange) + ' ago');
  $('attention').replaceChildren(badge(s.attention, s.needsHuman));
  $('why').textContent = [s.waitsFor && s.attention !== 'completed' ? 'waits for ' + s.waitsFor : '', s.detail || ''].filter(Boolean).join(': ');
  $('cmd').textContent = s.continueWith || '';
  $('cmdlabel').hidden = !s.continueWith;
  const box = $('phases'); box.replaceChildren();
  for (const p of MACHINE.phases) {
    const on = p.phase === d.at.phase; const c = el('div', 'phase' + (on ? ' on' : '')); c.dataset.phase = p.phase;
    const h = el('h3', '', p.phase); if (p.subStates.length > 0) h.append(el('small', '', (d.iterationsByPhase[p.phase] || 0) + ' it.')); c.append(h);
    for (const sub of p.subStates) c.append(el('span', 'sub' + (on && sub === d.at.sub ? ' on' : ''), sub));
    box.append(c);
  }
  for (const g of document.querySelectorAll('#diagram g.node')) g.classList.toggle('on', g.dataset.id === d.at.phase);
  const rows = $('history'); rows.replaceChildren();
  for (const h of d.history) {
    const r = el('tr'); const ev = el('td', h.accepted ? '' : 'no', h.event + (h.accepted ? '' : ' (rejected)'));
    r.append(el('td', 'mono', h.time.slice(5, 19).replace('T', ' ')), el('td', '', '#' + h.iteration), el('td', '', h.phase), ev, el('td', '', h.note),
      el('td', 'mono', h.state), el('td', '', h.outcome), el('td', '', h.attempts), el('td', '', h.durationS + ' s'), el('td', '', money(h.costUsd, h.costBasis)), el('td', 'mono', h.tokens));
    rows.append(r);
  }
  $('hcount').textContent = d.history.length + (d.olderRows ? ' (+' + d.olderRows + ' older)' : '');
}
async function loadDiagram() {
  if (diagramLoaded) return; diagramLoaded = true;
  const res = await fetch('/diagram.svg'); if (!res.ok) { $('diagram').textContent = 'diagram unavailable: ' + (await res.text()); return; }
  const doc = new DOMParser().parseFromString(await res.text(), 'image/svg+xml');
  const svg = doc.documentElement; svg.removeAttribute('width'); svg.removeAttribute('height');
  $('diagram').replaceChildren(document.importNode(svg, true));
}
async function poll() {
  try {
    const list = await (await fetch('/api/sessions')).json(); renderList(list);
    if (selected !== null) {
      const res = await fetch('/api/sessions/' + encodeURIComponent(selected));
      if (res.ok) { await loadDiagram(); renderDetail(await res.json()); } else { $('detail').hidden = true; }
    }
    $('conn').textContent = 'live · ' + new Date().toISOString().slice(11, 19); $('conn').className = 'conn';
    document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
  } catch (err) { $('conn').textContent = 'dashboard stopped'; $('conn').className = 'conn off'; }
}
poll(); setInterval(poll, POLL_MS);
`;

export interface DashboardPageOptions {
  readonly machine: { readonly phases: readonly { phase: string; subStates: readonly string[] }[] };
  readonly pollMs: number;
}

export function renderDashboardPage(options: DashboardPageOptions): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>samocode dashboard</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><header><h1>samocode dashboard</h1><small id="dir"></small><span id="conn" class="conn">connecting…</span></header>
<main><section><h2>sessions <small id="count">0</small> <small>· the ones that need a human first · read-only</small></h2>
<table><thead><tr><th>session</th><th>state</th><th>needs</th><th>iter.</th><th>spend</th><th>run</th><th>waits for</th></tr></thead>
<tbody id="sessions"></tbody></table></section>
<section id="detail" hidden><div class="card"><h2><span id="name" class="mono"></span> <span id="attention"></span></h2>
<div id="facts"></div><div id="why"></div><div id="cmdlabel" hidden>continue with:</div><code id="cmd"></code></div>
<div class="card"><h2>machine</h2><div id="diagram"></div><div id="phases" class="phases"></div></div>
<div class="card wide"><h2>history <small id="hcount"></small></h2><table><thead><tr><th>time</th><th>it.</th><th>phase</th><th>event</th><th>note</th><th>state after</th><th>outcome</th><th>att.</th><th>took</th><th>cost</th><th>tokens</th></tr></thead>
<tbody id="history"></tbody></table></div></section></main>
<script>const MACHINE = ${toScriptJson(options.machine)}; const POLL_MS = ${Math.max(200, Math.round(options.pollMs))};
${SCRIPT}</script></body></html>`;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "script-src 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self'",
  ].join('; ');
  return { html, csp };
}
