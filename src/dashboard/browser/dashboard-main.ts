/**
 * The dashboard page's script, bundled for the browser by `npm run build` (dist/browser/). It polls
 * the server's JSON, parses it, and places the text it carries: it formats nothing itself (costs,
 * phases, times and commands come written). Every value reaches the DOM through `textContent`;
 * the gate's actions are in gate-panel.ts.
 */
import {
  type PageConfig,
  PageConfigSchema,
  type PageDetail,
  PageDetailSchema,
  type PageList,
  PageListSchema,
  type PageSummary,
} from '../dashboard-wire.js';
import { renderGate } from './gate-panel.js';

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the dashboard page has no #${id}`);
  return found;
}

function el(tag: string, className = '', text?: string | number): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function badge(summary: PageSummary): HTMLElement {
  const node = el(
    'span',
    `badge a-${summary.attention}${summary.needsHuman ? ' human' : ''}`,
    summary.attention,
  );
  if (summary.needsHuman) node.title = 'needs a human';
  return node;
}

const config: PageConfig = PageConfigSchema.parse(JSON.parse(byId('dashboard-config').textContent ?? ''));
let selected: string | null = decodeURIComponent(location.hash.slice(1)) || null;
let diagramLoaded = false;

function renderList(list: PageList): void {
  const body = byId('sessions');
  body.replaceChildren();
  byId('count').textContent = String(list.sessions.length);
  byId('dir').textContent = list.store ? 'the shared store (SAMOCODE_STORE)' : list.sessionsDir;
  if (list.sessions.length === 0) {
    const row = el('tr');
    const cell = el('td', 'empty', 'no sessions yet');
    cell.setAttribute('colspan', '6');
    row.append(cell);
    body.append(row);
  }
  for (const summary of list.sessions) {
    const row = el('tr', summary.session === selected ? 'sel' : '');
    row.dataset.session = summary.session;
    row.dataset.attention = summary.attention;
    const needs = el('td');
    needs.append(badge(summary));
    const headline = el('td', 'headline', summary.headline);
    headline.title = summary.headline;
    row.append(
      el('td', 'mono', summary.session),
      needs,
      el('td', '', summary.phase || '–'),
      el('td', '', summary.modelText),
      el('td', '', summary.iterations.total),
      el('td', '', summary.spend.costText),
      headline,
    );
    row.title = `changed ${summary.changedText}${summary.worker.name ? `, running on ${summary.worker.name}` : ''}`;
    row.onclick = () => {
      selected = summary.session;
      location.hash = encodeURIComponent(summary.session);
      void poll();
    };
    body.append(row);
  }
  const [first] = list.sessions;
  if (selected === null && first !== undefined) selected = first.session;
}

function renderDetail(detail: PageDetail): void {
  const summary = detail.summary;
  byId('detail').hidden = false;
  byId('name').textContent = summary.session;
  document.body.dataset.selected = summary.session;
  document.body.dataset.state = summary.machine.state;
  byId('attention').replaceChildren(badge(summary));
  byId('headline').textContent = summary.headline;
  byId('details').replaceChildren(...summary.details.map((line) => el('div', 'detail', line)));
  byId('facts').replaceChildren(
    ...detail.facts.map((fact) => {
      const node = el('span', '', `${fact.label} `);
      const value = el('b', '', fact.value);
      value.dataset.fact = fact.label;
      node.append(value);
      return node;
    }),
  );
  byId('nexttext').textContent = summary.next?.text ?? '';
  byId('cmd').textContent = summary.next?.command ?? '';
  renderGate(detail);
  const box = byId('phases');
  box.replaceChildren();
  for (const { phase, subStates } of config.machine.phases) {
    const isOn = phase === detail.at.phase;
    const card = el('div', `phase${isOn ? ' on' : ''}`);
    card.dataset.phase = phase;
    const title = el('h3', '', phase);
    if (subStates.length > 0) {
      const count = el('small', '', detail.iterationsByPhase[phase] ?? 0);
      count.title = 'iterations run';
      title.append(count);
    }
    card.append(title);
    for (const sub of subStates)
      card.append(el('span', `sub${isOn && sub === detail.at.sub ? ' on' : ''}`, sub));
    box.append(card);
  }
  for (const node of document.querySelectorAll<SVGGElement>('#diagram g.node'))
    node.classList.toggle('on', node.dataset.id === detail.at.phase);
  const rows = byId('history');
  rows.replaceChildren();
  for (const line of detail.history) {
    const row = el('tr');
    row.append(
      el('td', 'mono', line.timeText),
      el('td', '', line.iteration),
      el('td', '', line.phase),
      el('td', line.accepted ? '' : 'no', line.eventText),
      el('td', '', line.note),
      el('td', 'mono', line.state),
      el('td', '', line.outcome),
      el('td', '', line.attempts),
      el('td', '', line.durationText),
      el('td', '', line.costText),
      el('td', 'mono', line.tokens),
    );
    rows.append(row);
  }
  byId('hcount').textContent = detail.historyCountText;
}

async function loadDiagram(): Promise<void> {
  if (diagramLoaded) return;
  diagramLoaded = true;
  const response = await fetch('/diagram.svg');
  if (!response.ok) {
    byId('diagram').textContent = `diagram unavailable: ${await response.text()}`;
    return;
  }
  const svg = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement;
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  byId('diagram').replaceChildren(document.importNode(svg, true));
}

async function poll(): Promise<void> {
  const connection = byId('conn');
  try {
    renderList(PageListSchema.parse(await (await fetch('/api/sessions')).json()));
    if (selected !== null) {
      const response = await fetch(`/api/sessions/${encodeURIComponent(selected)}`);
      if (response.ok) {
        await loadDiagram();
        renderDetail(PageDetailSchema.parse(await response.json()));
      } else byId('detail').hidden = true;
    }
    connection.textContent = 'live';
    connection.className = 'conn';
    document.body.dataset.polls = String(Number(document.body.dataset.polls ?? 0) + 1);
  } catch (error) {
    connection.textContent = 'dashboard stopped';
    connection.title = String(error);
    connection.className = 'conn off';
  }
}

void poll();
setInterval(() => void poll(), config.pollMs);
