/**
 * `samocode dashboard`: a loopback page over every session under SESSIONS. Each poll of the page
 * reads the session files afresh (never a lock). Every request passes the inspector's Host/Origin
 * guards; reads are GETs, and the page's actions are POSTs to `/api/sessions/<folder>/<action>`
 * carrying the per-process token only the page this server served holds, from the user who
 * started it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { SamocodeError } from '../errors.js';
import { buildFleetEntry } from '../fleet/fleet-entry.js';
import { orderSessions } from '../fleet/session-list.js';
import type { SummaryPlace } from '../fleet/session-summary.js';
import { isOwnHost, isOwnOrigin, LOOPBACK_HOST } from '../inspect/loopback-guard.js';
import { cleanDeep } from '../text/clean-text.js';
import type { Redact } from '../text/redact.js';
import { readActionRequest } from './action-request.js';
import { type ActOnSession, isDashboardAction, MAX_ACTION_BYTES } from './dashboard-actions.js';
import { PAGE_SCRIPT_PATH, renderDashboardPage } from './dashboard-page.js';
import type { MachineView } from './machine-view.js';
import { readPeerUser } from './peer-user.js';
import { buildSessionDetail } from './session-detail.js';
import { folderSessionSource, type SessionSource } from './session-source.js';

export interface DashboardOptions {
  readonly sessionsDir: string;
  /** Where the sessions are read: by default the folder `sessionsDir`; a shared store's when one is configured. */
  readonly source?: SessionSource;
  /** Reads what every session of the project shares (its settings, its worktrees) afresh for each request. */
  readonly readPlace: () => SummaryPlace;
  /** The page's script (`dist/browser/dashboard-main.js`, bundled by `npm run build`). */
  readonly pageScript: string;
  readonly machine: MachineView;
  /** Resolves to the diagram SVG (or why there is none); started by the caller, awaited on request. */
  readonly diagram: Promise<{ svg?: string; problem?: string }>;
  readonly redact: Redact;
  /** 0 picks a free port. */
  readonly port: number;
  readonly pollMs?: number;
  /** What the page's actions do; without it every action is refused (a read-only dashboard). */
  readonly act?: ActOnSession;
}

export interface Dashboard {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const FOLDER = /^[A-Za-z0-9._-]+$/;
const isSessionName = (folder: string | undefined): folder is string =>
  folder !== undefined && FOLDER.test(folder) && !folder.startsWith('.');
const ACTION_PATH = /^\/api\/sessions\/([^/]+)\/([a-z]+)$/;

function send(response: ServerResponse, status: number, type: string, body: string, csp?: string): void {
  response
    .writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(csp ? { 'content-security-policy': csp } : {}),
    })
    .end(body);
}

/** The SVG without its web-font import: the page loads nothing from outside 127.0.0.1. */
function toOfflineSvg(svg: string): string {
  return svg.replace(/@import url\([^)]*\);?/g, '');
}

/** An action's answer, or why it was refused: `{ ok, message }`. */
function sendAction(response: ServerResponse, status: number, ok: boolean, message: string): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify({ ok, message }));
}

/** A URL path segment decoded, or undefined when its percent-encoding is malformed. */
function decodePathPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

const PICK_ANOTHER =
  'pick another with --port <n> (or SAMOCODE_DASHBOARD_PORT), or leave both unset for a free port';

/** A port that is taken or not ours to bind is the user's to change, not an internal error. */
function explainListenError(error: unknown, port: number): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE')
    return new SamocodeError(
      'dashboard.port-taken',
      `port ${port} on ${LOOPBACK_HOST} is taken (another dashboard or program listens there); ${PICK_ANOTHER}`,
      { cause: error },
    );
  if (code === 'EACCES')
    return new SamocodeError(
      'dashboard.port-denied',
      `port ${port} on ${LOOPBACK_HOST} needs privileges this user lacks (ports below 1024 do); ${PICK_ANOTHER}`,
      { cause: error },
    );
  return error;
}

export async function serveDashboard(options: DashboardOptions): Promise<Dashboard> {
  const json = (response: ServerResponse, value: unknown) =>
    send(response, 200, 'application/json; charset=utf-8', JSON.stringify(cleanDeep(value, options.redact)));
  let port = 0;
  const source = options.source ?? folderSessionSource(options.sessionsDir);
  const token = randomBytes(24).toString('base64url');
  const sessionDir = (folder: string | undefined): string | undefined => {
    if (!isSessionName(folder)) return undefined;
    const dir = join(options.sessionsDir, folder);
    return existsSync(dir) ? dir : undefined;
  };
  const handleAction = async (
    request: IncomingMessage,
    response: ServerResponse,
    folder: string | undefined,
    action: string,
  ): Promise<void> => {
    if (!isDashboardAction(action)) return sendAction(response, 404, false, `no such action: ${action}`);
    const peer = readPeerUser(request.socket);
    if (peer.kind === 'other')
      return sendAction(
        response,
        403,
        false,
        `another user of this machine (uid ${peer.uid}) cannot act on this dashboard; its actions are for the user who started it`,
      );
    const read = await readActionRequest(request, token, MAX_ACTION_BYTES);
    if (!read.ok) {
      if (read.status === 405) response.setHeader('allow', 'POST');
      // A body left unread past the limit is not drained: the connection closes after the answer.
      if (read.status === 413) response.setHeader('connection', 'close');
      return sendAction(response, read.status, false, read.error);
    }
    // A stored session has no folder here: the store's actor looks it up and says when it is missing.
    const isKnown =
      folder !== undefined && (source.store ? isSessionName(folder) : sessionDir(folder) !== undefined);
    if (!isKnown || folder === undefined) return sendAction(response, 404, false, 'no such session');
    if (options.act === undefined) return sendAction(response, 405, false, 'this dashboard does not act');
    const answer = await options.act(folder, action, read.body);
    return sendAction(response, answer.status, answer.ok, options.redact(answer.text));
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}`).pathname;
    const isAction = ACTION_PATH.exec(path);
    if (!isOwnHost(request, port))
      return isAction
        ? sendAction(response, 421, false, 'wrong host')
        : send(response, 421, 'text/plain', 'wrong host\n');
    if (!isOwnOrigin(request, port))
      return isAction
        ? sendAction(response, 403, false, 'wrong origin: act from the page this dashboard served')
        : send(response, 403, 'text/plain', 'wrong origin\n');
    if (isAction)
      return handleAction(request, response, decodePathPart(isAction[1] ?? ''), isAction[2] ?? '');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendAction(response, 405, false, 'only the actions under /api/sessions/<session>/ take a POST');
    if (path === '/') {
      const page = renderDashboardPage({
        machine: options.machine,
        pollMs: options.pollMs ?? 1_000,
        // Another user of this machine may read the page, never act from it.
        ...(options.act && readPeerUser(request.socket).kind !== 'other' ? { token } : {}),
      });
      return send(response, 200, 'text/html; charset=utf-8', page.html, page.csp);
    }
    if (path === PAGE_SCRIPT_PATH)
      return send(response, 200, 'text/javascript; charset=utf-8', options.pageScript);
    if (path === '/api/sessions') {
      const place = options.readPlace();
      const sessions = orderSessions(
        (await source.list(place.now)).map((files) => buildFleetEntry(files, place)),
      );
      return json(response, {
        sessionsDir: options.sessionsDir,
        ...(source.store ? { store: source.store } : {}),
        sessions,
      });
    }
    if (path.startsWith('/api/sessions/')) {
      const folder = decodePathPart(path.slice('/api/sessions/'.length));
      if (folder === undefined) return send(response, 400, 'text/plain', 'bad percent-encoding in the URL\n');
      const place = options.readPlace();
      const found = isSessionName(folder) ? await source.read(folder, place.now) : undefined;
      if (found === undefined) return send(response, 404, 'text/plain', 'no such session\n');
      const { files } = found;
      const detail = buildSessionDetail(files, place);
      const gateText = found.gateText(detail.summary.gate);
      return json(response, {
        ...detail,
        settings: buildFleetEntry(files, place).settings,
        ...(gateText ? { gateText } : {}),
      });
    }
    if (path === '/diagram.svg') {
      const diagram = await options.diagram;
      return diagram.svg
        ? send(response, 200, 'image/svg+xml', toOfflineSvg(diagram.svg))
        : send(response, 503, 'text/plain', `${diagram.problem ?? 'no diagram'}\n`);
    }
    return send(response, 404, 'text/plain', 'not found\n');
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', `${options.redact(String(error))}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(explainListenError(error, options.port)));
    server.listen(options.port, LOOPBACK_HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${LOOPBACK_HOST}:${port}/`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
