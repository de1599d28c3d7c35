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
import { renderStatelyBridgePage, STATELY_INSPECT_URL } from './stately-bridge-page.js';
import { probeReachability, renderUnreachable } from './stately-reachability.js';
import { readViewerPage } from './viewer-page.js';
import { buildViewerPart } from './viewer-view.js';

export interface InspectorOptions {
  readonly mode: InspectMode;
  /** Default `SAMOCODE_INSPECT_PORT`, else 0 (a free port). */
  readonly port?: number;
  /** Secrets are looked up here (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly redact?: Redact;
  /** Named on the pages, so a browser tab says which session it shows. */
  readonly sessionName?: string;
}

/** Where the reachability probe goes: the Stately page, or `SAMOCODE_STATELY_PROBE_URL` (tests). */
const probeUrlOf = (env: Readonly<Record<string, string | undefined>>): string =>
  env.SAMOCODE_STATELY_PROBE_URL?.trim() || STATELY_INSPECT_URL;

/** The local page's path when `/` is the Stately bridge. */
export const LOCAL_PAGE_PATH = '/local';

export interface RunningInspector {
  /** Pass as `createActor(machine, { inspect })`. */
  readonly inspect: (event: InspectionEvent) => void;
  /** The page to open in a browser. */
  readonly url: string;
  /** The local page (no internet needed): `url` itself, or `/local` beside the Stately bridge. */
  readonly localUrl: string;
  /**
   * `--inspect=stately`: the warning, with the local page, when this machine cannot reach the
   * Stately page; known within seconds (one request, started first). Undefined when it can, for
   * the local page, and after `stop()`.
   */
  readonly statelyWarning: Promise<string | undefined>;
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
export function renderInspectorBanner(mode: InspectMode, url: string, localUrl: string): string {
  return mode === 'stately'
    ? `inspector: open ${url} in a browser with internet access (it loads ${STATELY_INSPECT_URL}); the local page, which needs none, is at ${localUrl}`
    : `inspector: open ${url} in a browser to watch the session live`;
}

export async function startInspector(options: InspectorOptions): Promise<RunningInspector> {
  const env = options.env ?? process.env;
  const redact = options.redact ?? buildEnvRedactor(env);
  const isStately = options.mode === 'stately';
  const localPage = readViewerPage(options.sessionName);
  const relay = await serveRelay({
    port: options.port ?? parseInspectPort(env.SAMOCODE_INSPECT_PORT),
    page: isStately ? renderStatelyBridgePage(options.sessionName) : localPage,
    // Beside the Stately bridge, the local page: it works without internet.
    ...(isStately ? { morePages: { [LOCAL_PAGE_PATH]: localPage } } : {}),
    // Each message carries the local page's `view`; the Stately bridge leaves it out.
    toRelayed: (raw) => toRelayedMessage(raw, redact, buildViewerPart),
    producerToken: randomBytes(24).toString('hex'),
  });
  const localUrl = isStately ? `${relay.httpUrl.replace(/\/$/, '')}${LOCAL_PAGE_PATH}` : relay.httpUrl;
  const probe = new AbortController();
  const probeUrl = probeUrlOf(env);
  const statelyWarning = isStately
    ? probeReachability(probeUrl, { signal: probe.signal }).then((result) =>
        result.isReachable || probe.signal.aborted
          ? undefined
          : renderUnreachable(probeUrl, result.reason, localUrl),
      )
    : Promise.resolve(undefined);
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
    localUrl,
    statelyWarning,
    relay,
    stop() {
      stopping ??= (async () => {
        probe.abort();
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
