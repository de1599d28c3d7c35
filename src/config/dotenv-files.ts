/** `.env` files next to `.samocode` and in the current directory; the first file to set a key wins. */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';

export function readDotenvFiles(paths: readonly string[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const parsed = parse(readFileSync(path, 'utf8'));
    for (const [key, value] of Object.entries(parsed)) {
      if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}
