/** A content hash of a file or a folder tree, to tell whether a copy was changed since install. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

function feed(hash: ReturnType<typeof createHash>, path: string, name: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) {
    hash.update(`link\0${name}\0${readlinkSync(path)}\0`);
  } else if (stat.isDirectory()) {
    hash.update(`dir\0${name}\0`);
    for (const child of readdirSync(path).sort()) feed(hash, join(path, child), `${name}/${child}`);
  } else {
    hash.update(`file\0${name}\0${stat.size}\0`);
    hash.update(readFileSync(path));
  }
}

export function readTreeHash(path: string): string {
  const hash = createHash('sha256');
  feed(hash, path, '.');
  return hash.digest('hex');
}
