/** The probe `--inspect=stately` sends: real loopback servers that answer, fail, refuse or never answer. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeReachability, renderUnreachable } from '../../src/inspect/stately-reachability.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback server: answers with `status`, or never answers when `status` is undefined. */
async function serve(status: number | undefined): Promise<string> {
  const server = createServer((request, response) => {
    if (status !== undefined) response.writeHead(status).end();
    request.resume();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/inspect`;
}

/** A port that was free a moment ago and nobody listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/inspect`;
}

describe('probeReachability', () => {
  it('counts any answer below 500 as reachable', async () => {
    expect(await probeReachability(await serve(200))).toEqual({ isReachable: true });
    expect(await probeReachability(await serve(404))).toEqual({ isReachable: true });
  });

  it('says why it is not: a server error, a refused connection, no answer in time', async () => {
    expect(await probeReachability(await serve(503))).toEqual({
      isReachable: false,
      reason: 'it answered HTTP 503',
    });
    expect(await probeReachability(await closedPort())).toEqual({
      isReachable: false,
      reason: 'the connection was refused (ECONNREFUSED)',
    });
    expect(await probeReachability(await serve(undefined), { timeoutMs: 300 })).toEqual({
      isReachable: false,
      reason: 'no answer within 300 ms',
    });
  });

  it('names the page, the reason and the local page in its warning', () => {
    expect(
      renderUnreachable(
        'https://stately.ai/inspect',
        'its name does not resolve (ENOTFOUND)',
        'http://127.0.0.1:9/local',
      ),
    ).toBe(
      'inspector: https://stately.ai/inspect cannot be reached from this machine (its name does not resolve (ENOTFOUND)), so the Stately page will stay empty unless your browser can reach it; the local page needs no internet: open http://127.0.0.1:9/local',
    );
  });
});
