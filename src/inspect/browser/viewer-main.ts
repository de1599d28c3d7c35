/**
 * The local inspector page's script, bundled by `scripts/build.mjs` into `dist/browser/viewer-main.js`
 * and inlined by `viewer-page.ts`. It follows the root actor's messages from the relay.
 */
import { type ViewerMachine, ViewerMessageSchema, type ViewerState } from '../viewer-wire.js';
import { byId, prependEvent, renderConnection, renderState } from './viewer-render.js';

let root: string | undefined;
let machine: ViewerMachine | undefined;
let state: ViewerState | undefined;

function onMessage(data: unknown): void {
  const parsed = ViewerMessageSchema.safeParse(data);
  if (!parsed.success) return;
  const { sessionId, parentId, view } = parsed.data;
  // The first actor without a parent is the session machine; its children are not shown.
  if (root === undefined && view.machine && !parentId) {
    root = sessionId;
    machine = view.machine;
    byId('machine').textContent = machine.name;
  }
  if (sessionId !== root) return;
  if (view.state) state = view.state;
  if (view.machine || view.state) renderState(machine, state);
  if (view.event) prependEvent(view.event);
}

const socket = new WebSocket(`ws://${location.host}`);
socket.addEventListener('open', () => renderConnection('live', 'conn on'));
socket.addEventListener('close', () => renderConnection('disconnected: the session has stopped', 'conn off'));
socket.addEventListener('message', (message) => {
  try {
    onMessage(JSON.parse(String(message.data)));
  } catch (error) {
    console.error(error);
  }
});
renderState(machine, state);
