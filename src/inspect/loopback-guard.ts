/**
 * Guards of a loopback server: the Host header must name 127.0.0.1 or localhost on our port
 * (stops DNS rebinding), and an Origin, when sent, must be our own page.
 */
import type { IncomingMessage } from 'node:http';

export const LOOPBACK_HOST = '127.0.0.1';

export function isOwnHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? '';
  return host === `${LOOPBACK_HOST}:${port}` || host === `localhost:${port}`;
}

export function isOwnOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  return (
    origin === undefined ||
    origin === `http://${LOOPBACK_HOST}:${port}` ||
    origin === `http://localhost:${port}`
  );
}
