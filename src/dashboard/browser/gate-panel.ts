/**
 * The open gate on the dashboard page and its actions: what it asks, the plan or `_qa.md` as
 * text, the buttons of its kind, and the last decision. Each action POSTs to the server with the
 * page's token; the answer's words are shown as they come. The form is built once per gate, so a
 * poll never wipes what a person is typing.
 */
import { ActionAnswerSchema, type PageDetail, TOKEN_HEADER, TOKEN_META } from '../dashboard-wire.js';

type Action = 'approve' | 'reject' | 'answer' | 'grant' | 'stop';

const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`)?.content ?? '';
let builtFor = '';
let busy = false;

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the dashboard page has no #${id}`);
  return found;
}

function qaArea(): HTMLTextAreaElement {
  const found = byId('qa');
  if (!(found instanceof HTMLTextAreaElement)) throw new Error('the dashboard page has no textarea #qa');
  return found;
}

function button(label: string, action: Action, isMain: boolean, body: () => Record<string, string>) {
  const node = document.createElement('button');
  node.type = 'button';
  node.textContent = label;
  node.dataset.action = action;
  if (isMain) node.className = 'main';
  node.onclick = () => void post(action, body());
  return node;
}

function input(id: string, placeholder: string): HTMLInputElement {
  const node = document.createElement('input');
  node.id = id;
  node.placeholder = placeholder;
  return node;
}

let session = '';

async function post(action: Action, body: Record<string, string>): Promise<void> {
  if (busy) return;
  busy = true;
  const result = byId('actresult');
  result.className = '';
  result.textContent = `${action}…`;
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(session)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(body),
    });
    const answer = ActionAnswerSchema.parse(await response.json());
    result.textContent = answer.message;
    result.className = answer.ok ? 'ok' : 'no';
    result.dataset.ok = String(answer.ok);
  } catch (error) {
    result.textContent = `${action} failed: ${String(error)}`;
    result.className = 'no';
    result.dataset.ok = 'false';
  } finally {
    busy = false;
  }
}

function buildActions(detail: PageDetail): HTMLElement[] {
  const gate = detail.summary.gate;
  const gateId = gate?.id ?? '';
  const withGate = (extra: Record<string, string> = {}) => (gateId ? { gateId, ...extra } : extra);
  const nodes: HTMLElement[] = [];
  if (gate?.kind === 'approval') {
    const reason = input('reason', 'why (for reject)');
    nodes.push(
      button('Approve', 'approve', true, () => withGate()),
      reason,
      button('Reject', 'reject', false, () => withGate(reason.value ? { reason: reason.value } : {})),
    );
  }
  if (gate?.kind === 'action') nodes.push(button('Done', 'approve', true, () => withGate()));
  if (gate?.kind === 'answers') {
    const qa = qaArea();
    nodes.push(button('Submit answers', 'answer', true, () => withGate({ qa: qa.value })));
  }
  if (gate?.kind === 'grant') {
    const amounts = input('amounts', 'cost=…,tokens=…,hours=… (empty: as the gate says)');
    nodes.push(
      amounts,
      button('Grant', 'grant', true, () => withGate(amounts.value ? { grant: amounts.value } : {})),
    );
  }
  if (detail.summary.worker.isRunning) nodes.push(button('Stop the run', 'stop', false, () => ({})));
  return nodes;
}

/** Shows the session's gate and actions; the form is rebuilt only when the gate (or holder) changes. */
export function renderGate(detail: PageDetail): void {
  const { summary } = detail;
  const gate = summary.gate;
  byId('lastdecision').textContent = summary.lastDecision
    ? `last decision: ${summary.lastDecision.text}`
    : '';
  byId('gate').hidden = gate === undefined;
  byId('gateid').textContent = gate?.id ?? '';
  byId('gateasks').textContent = gate?.asks ?? '';
  byId('gatefile').textContent = detail.gateText?.path ?? '';
  const qa = qaArea();
  qa.hidden = gate?.kind !== 'answers';
  byId('gatetext').textContent = gate?.kind === 'answers' ? '' : (detail.gateText?.text ?? '');
  const key = `${summary.session} ${gate?.id ?? ''} ${summary.worker.isRunning}`;
  if (key === builtFor) return;
  if (summary.session !== session) byId('actresult').textContent = '';
  builtFor = key;
  session = summary.session;
  if (gate?.kind === 'answers') qa.value = detail.gateText?.text ?? '';
  byId('actions').replaceChildren(...(token ? buildActions(detail) : []));
}
