/** Draws the inspector page from the server's `view`: DOM only, every text as the server sent it. */
import type { ViewerEvent, ViewerMachine, ViewerState } from '../viewer-wire.js';

export function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the inspector page has no #${id}`);
  return found;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** The phase boxes with their sub-states, the current ones highlighted, and the summary line. */
export function renderState(machine: ViewerMachine | undefined, state: ViewerState | undefined): void {
  const boxes = byId('phases');
  boxes.replaceChildren();
  for (const { phase, subStates } of machine?.phases ?? []) {
    const isCurrent = state?.phase === phase;
    const box = element('div', isCurrent ? 'phase on' : 'phase');
    box.dataset.phase = phase;
    const title = element('h3', '', phase);
    title.append(element('small', '', `${state?.iterations[phase] ?? 0} it.`));
    box.append(title);
    for (const sub of subStates)
      box.append(element('span', isCurrent && state?.sub === sub ? 'sub on' : 'sub', sub));
    boxes.append(box);
  }
  if (machine) {
    const final = element('div', state?.phase === machine.final ? 'phase final on' : 'phase final');
    final.dataset.phase = machine.final;
    final.append(element('h3', '', machine.final));
    boxes.append(final);
  }
  const text = state?.text ?? '—';
  byId('state').textContent = text;
  document.body.dataset.state = text;
  byId('total').textContent = String(state?.totalIterations ?? 0);
  byId('attempt').textContent = state?.attempt ?? '–';
  byId('note').textContent = state?.note ?? '';
}

/** Puts the newest event on top of the log; returns how many are shown. */
export function prependEvent(event: ViewerEvent): number {
  const row = element('tr', '');
  row.append(element('td', '', event.time), element('td', '', event.type), element('td', '', event.details));
  const rows = byId('events');
  rows.prepend(row);
  byId('count').textContent = String(rows.children.length);
  return rows.children.length;
}

export function renderConnection(text: string, className: string): void {
  const badge = byId('conn');
  badge.textContent = text;
  badge.className = className;
}
