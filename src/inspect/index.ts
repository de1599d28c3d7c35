export { INSPECT_MODES, type InspectMode, parseInspectMode, parseInspectPort } from './inspect-mode.js';
export { RELAY_HOST, type Relay, type RelayOptions, serveRelay } from './relay-server.js';
export { sanitizeContext, sanitizeEvent, scrubText, toRelayedMessage, toWireMessage } from './sanitize.js';
export {
  type InspectorOptions,
  type RunningInspector,
  renderInspectorBanner,
  startInspector,
} from './start-inspector.js';
export { renderStatelyBridgePage, STATELY_INSPECT_URL } from './stately-bridge-page.js';
export { renderViewerPage } from './viewer-page.js';
