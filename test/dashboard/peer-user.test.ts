/** Who opened a loopback connection, from /proc/net/tcp: the table parsed, and a real socket of ours. */
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { findSocketUid, type PeerUser, readPeerUser } from '../../src/dashboard/peer-user.js';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:8BA9 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 1818474 2
   1: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 1191 1
   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1192 1
`;

describe('peer user', () => {
  it('finds the uid of the client end of a connection (127.0.0.1:54321 to 127.0.0.1:8080)', () => {
    expect(findSocketUid(TABLE, '0100007F:D431', '0100007F:1F90')).toBe(1000);
    expect(findSocketUid(TABLE, '0100007F:1F90', '0100007F:D431')).toBe(0);
    expect(findSocketUid(TABLE, '0100007F:D432', '0100007F:1F90')).toBeUndefined();
  });

  it.skipIf(!existsSync('/proc/net/tcp'))(
    'names our own user for a connection this process opened',
    async () => {
      const seen: PeerUser[] = [];
      const server = createServer((req, res) => {
        seen.push(readPeerUser(req.socket));
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      await new Promise<void>((resolve, reject) =>
        request({ host: '127.0.0.1', port }, (res) => res.resume().on('end', () => resolve()))
          .on('error', reject)
          .end(),
      );
      await new Promise<void>((resolve) => server.close(() => resolve()));
      expect(seen).toEqual([{ kind: 'same' }]);
    },
  );
});
