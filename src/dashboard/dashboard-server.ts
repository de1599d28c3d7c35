/**
 * `samocode dashboard`: a read-only loopback page over every session under SESSIONS. Each poll
 * of the page reads the session files afresh (never a lock); the server only answers GETs and
 * applies the inspector's Host/Origin guards.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { SamocodeError } from '../errors.js';
import { buildFleetEntry } from '../fleet/fleet-entry.js';
import { readFleet } from '../fleet/read-fleet.js';
import { readSessionFiles } from '../fleet/read-session-files.js';
import { orderSessions } from '../fleet/session-list.js';
import type { SummaryPlace } from '../fleet/session-summary.js';
import { isOwnHost, isOwnOrigin, LOOPBACK_HOST } from '../inspect/loopback-guard.js';
import { cleanDeep } from '../text/clean-text.js';
import type { Redact } from '../text/redact.js';
import { PAGE_SCRIPT_PATH, renderDashboardPage } from './dashboard-page.js';
import type { MachineView } from './machine-view.js';
import { buildSessionDetail } from './session-detail.js';

export interface DashboardOptions {
  readonly sessionsDir: string;
  /** Reads what every session of the project shares (its settings, its worktrees) afresh for each request. */
  readonly readPlace: () => SummaryPlace;
  /** The page's script (`dist/pages/dashboard-page.js`, bundled by `npm run build`). */
  readonly pageScript: string;
  readonly machine: MachineView;
  /** Resolves to the diagram SVG (or why there is none); started by the caller, awaited on request. */
  readonly diagram: Promise<{ svg?: string; problem?: string }>;
  readonly redact: Redact;
  /** 0 picks a free port. */
  readonly port: number;
  readonly pollMs?: number;
}

export interface Dashboard {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const FOLDER = /^[A-Za-z0-9._-]+$/;

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
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isOwnHost(request, port)) return send(response, 421, 'text/plain', 'wrong host\n');
    if (!isOwnOrigin(request, port)) return send(response, 403, 'text/plain', 'wrong origin\n');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'text/plain', 'the dashboard is read-only\n');
    const path = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}`).pathname;
    if (path === '/') {
      const page = renderDashboardPage({ machine: options.machine, pollMs: options.pollMs ?? 1_000 });
      return send(response, 200, 'text/html; charset=utf-8', page.html, page.csp);
    }
    if (path === PAGE_SCRIPT_PATH)
      return send(response, 200, 'text/javascript; charset=utf-8', options.pageScript);
    if (path === '/api/sessions') {
      const place = options.readPlace();
      const sessions = orderSessions(
        readFleet(options.sessionsDir).map((files) => buildFleetEntry(files, place)),
      );
      return json(response, { sessionsDir: options.sessionsDir, sessions });
    }
    if (path.startsWith('/api/sessions/')) {
      const folder = decodePathPart(path.slice('/api/sessions/'.length));
      if (folder === undefined) return send(response, 400, 'text/plain', 'bad percent-encoding in the URL\n');
      const dir = join(options.sessionsDir, folder);
      if (!FOLDER.test(folder) || folder.startsWith('.') || !existsSync(dir))
        return send(response, 404, 'text/plain', 'no such session\n');
      const files = readSessionFiles(dir);
      const place = options.readPlace();
      return json(response, {
        ...buildSessionDetail(files, place),
        settings: buildFleetEntry(files, place).settings,
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
