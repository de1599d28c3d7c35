/**
 * `samocode run --inspect`: starts the loopback relay with our page (or the Stately bridge page)
 * and a `createWebSocketInspector` pointed at it, with sanitized context and events.
 *
 * The inspector's WebSocket client reconnects for ever when its server is gone, so `stop()`
 * closes the client first, then the relay; the CLI still ends with `process.exit` when inspect
 * is on, so nothing the package schedules can keep the process alive.
 *
 * @example
 * const inspector = await startInspector({ mode: 'local' });
 * logger.info(`inspector: ${inspector.url}`);
 * const actor = createActor(machine, { inspect: inspector.inspect }).start();
 * // … when the run ends:
 * await inspector.stop();
 */
import { randomBytes } from 'node:crypto';
import { createWebSocketInspector } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';
import { buildEnvRedactor, type Redact } from '../text/redact.js';
import { type InspectMode, parseInspectPort } from './inspect-mode.js';
import { type Relay, serveRelay } from './relay-server.js';
import { sanitizeContext, sanitizeEvent, toRelayedMessage } from './sanitize.js';
import { renderStatelyBridgePage } from './stately-bridge-page.js';
import { readViewerPage } from './viewer-page.js';
import { buildViewerPart } from './viewer-view.js';

export interface InspectorOptions {
  readonly mode: InspectMode;
  /** Default `SAMOCODE_INSPECT_PORT`, else 0 (a free port). */
  readonly port?: number;
  /** Secrets are looked up here (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly redact?: Redact;
}

export interface RunningInspector {
  /** Pass as `createActor(machine, { inspect })`. */
  readonly inspect: (event: InspectionEvent) => void;
  /** The page to open in a browser. */
  readonly url: string;
  readonly relay: Relay;
  /** Closes the inspector's socket and the relay. Idempotent. */
  stop(): Promise<void>;
}

const CONNECT_CAP_MS = 2_000;
const DRAIN_CAP_MS = 500;

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** The line `run` prints so the user can open the page. */
export function renderInspectorBanner(mode: InspectMode, url: string): string {
  return mode === 'stately'
    ? `inspector: open ${url} in a browser with internet access (it loads https://stately.ai/inspect)`
    : `inspector: open ${url} in a browser to watch the session live`;
}

export async function startInspector(options: InspectorOptions): Promise<RunningInspector> {
  const env = options.env ?? process.env;
  const redact = options.redact ?? buildEnvRedactor(env);
  const relay = await serveRelay({
    port: options.port ?? parseInspectPort(env.SAMOCODE_INSPECT_PORT),
    page: options.mode === 'stately' ? renderStatelyBridgePage : readViewerPage(),
    // The local page gets each message with its `view`; the Stately bridge forwards them as they are.
    toRelayed:
      options.mode === 'stately'
        ? (raw) => toRelayedMessage(raw, redact)
        : (raw) => toRelayedMessage(raw, redact, buildViewerPart),
    producerToken: randomBytes(24).toString('hex'),
  });
  const inspector = createWebSocketInspector({
    url: relay.producerUrl,
    sanitizeContext: (context) => sanitizeContext(context, redact) ?? {},
    sanitizeEvent: (event) => sanitizeEvent(event, redact),
  });
  await within(relay.firstConnection, CONNECT_CAP_MS);

  let stopped = false;
  let stopping: Promise<void> | undefined;
  return {
    inspect: (event) => {
      if (!stopped) inspector.inspect.next?.(event);
    },
    url: relay.httpUrl,
    relay,
    stop() {
      stopping ??= (async () => {
        // Inspection is deferred by a timer tick; let the last events reach the relay first.
        await new Promise((resolve) => setTimeout(resolve, 20));
        stopped = true;
        inspector.stop();
        await within(relay.producerClosed(), DRAIN_CAP_MS);
        await relay.close();
      })();
      return stopping;
    },
  };
}
