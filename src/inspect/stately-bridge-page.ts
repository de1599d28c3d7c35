/**
 * The bridge page for `--inspect=stately`: it iframes the hosted Stately inspector and forwards
 * the relay's messages to it over postMessage once it says `@statelyai.connected`. Our own
 * page (the package's server binds all interfaces and hard-codes localhost). Needs internet.
 * The relay's messages also carry the local page's `view`, which the bridge leaves out.
 */
import { inspectorTitle } from './viewer-page.js';

export const STATELY_INSPECT_URL = 'https://stately.ai/inspect';

export function renderStatelyBridgePage(
  sessionName?: string,
): (port: number) => { html: string; csp: string } {
  return (port) => renderBridge(port, inspectorTitle(sessionName, 'samocode — Stately inspector'));
}

function renderBridge(port: number, title: string): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>*{margin:0;padding:0}html,body{height:100%}iframe{width:100%;height:100%;border:none}</style></head>
<body><iframe id="inspector" src="${STATELY_INSPECT_URL}"></iframe>
<script>
const frame = document.getElementById('inspector');
const buffer = [];
let connected = false;
window.addEventListener('message', (e) => {
  if (e.origin !== 'https://stately.ai' || !e.data || e.data.type !== '@statelyai.connected') return;
  connected = true;
  for (const event of buffer.splice(0)) frame.contentWindow.postMessage(event, 'https://stately.ai');
});
const ws = new WebSocket('ws://' + location.host);
ws.onmessage = (msg) => {
  const { view, ...data } = JSON.parse(msg.data);
  if (connected) frame.contentWindow.postMessage(data, 'https://stately.ai');
  else buffer.push(data);
};
</script></body></html>`;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "script-src 'unsafe-inline'",
    'frame-src https://stately.ai',
    `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
  ].join('; ');
  return { html, csp };
}
