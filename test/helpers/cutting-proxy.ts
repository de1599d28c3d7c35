/**
 * A TCP proxy in front of PostgreSQL that can lose the server's answer to a COMMIT: when armed, the
 * first CommandComplete "COMMIT" the server sends is dropped and both connections are cut, so the
 * transaction is committed on the server while the client sees only a broken connection. That is
 * the one failure a retried commit must not double.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** CommandComplete ('C'), length 11, "COMMIT\0". */
const COMMIT_COMPLETE = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT'), 0]);

export interface CuttingProxy {
  readonly port: number;
  /** The next COMMIT's answer is lost. */
  arm(): void;
  /** How many answers were lost so far. */
  cuts(): number;
  close(): Promise<void>;
}

export async function startCuttingProxy(upstreamPort: number): Promise<CuttingProxy> {
  let isArmed = false;
  let cutCount = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (isArmed && chunk.includes(COMMIT_COMPLETE)) {
        isArmed = false;
        cutCount += 1;
        cut();
        return;
      }
      client.write(chunk);
    });
    client.on('close', cut);
    upstream.on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    arm: () => {
      isArmed = true;
    },
    cuts: () => cutCount,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
