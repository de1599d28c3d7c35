/**
 * Which local user opened a loopback connection: Linux lists every TCP socket with its owner's uid
 * in /proc/net/tcp, so the client's end of our connection names its user. The dashboard acts only
 * for its own user; where the table cannot be read (not Linux) the owner is unknown.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

export type PeerUser =
  | { readonly kind: 'same' }
  | { readonly kind: 'other'; readonly uid: number }
  | { readonly kind: 'unknown' };

/** `127.0.0.1:8080` as the table writes it: the address as a little-endian word, the port big-endian. */
function tableAddress(ip: string, port: number): string | undefined {
  const parts = ip
    .replace(/^::ffff:/, '')
    .split('.')
    .map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255))
    return undefined;
  const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');
  return `${parts
    .reverse()
    .map((part) => hex(part, 2))
    .join('')}:${hex(port, 4)}`;
}

/** The uid owning the socket at `local` connected to `remote` in a /proc/net/tcp text, if listed. Pure. */
export function findSocketUid(table: string, local: string, remote: string): number | undefined {
  for (const line of table.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    if (columns[1] === local && columns[2] === remote) {
      const uid = Number(columns[7]);
      return Number.isInteger(uid) ? uid : undefined;
    }
  }
  return undefined;
}

export function readPeerUser(socket: Socket, table = '/proc/net/tcp'): PeerUser {
  const own = process.getuid?.();
  const { remoteAddress, remotePort, localAddress, localPort } = socket;
  if (own === undefined || !remoteAddress || !remotePort || !localAddress || !localPort)
    return { kind: 'unknown' };
  const client = tableAddress(remoteAddress, remotePort);
  const server = tableAddress(localAddress, localPort);
  if (client === undefined || server === undefined) return { kind: 'unknown' };
  let text: string;
  try {
    text = readFileSync(table, 'utf8');
  } catch {
    return { kind: 'unknown' };
  }
  const uid = findSocketUid(text, client, server);
  if (uid === undefined) return { kind: 'unknown' };
  return uid === own ? { kind: 'same' } : { kind: 'other', uid };
}
