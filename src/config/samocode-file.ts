/** The `.samocode` project file: plain `KEY=VALUE` lines, `#` comments, `~` expanded. */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { SamocodeError } from '../errors.js';

/** Expands a leading `~` or `~/` to `home`; any other value is returned as is. */
export function expandHome(value: string, home: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/')) return `${home}${value.slice(1)}`;
  return value;
}

/**
 * Parses `.samocode` text. Lines are trimmed; blank lines, `#` comments and lines without `=`
 * are skipped; a line splits on its first `=`. Values starting with `~` are expanded.
 */
export function parseSamocodeFile(text: string, home: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    values[key] = expandHome(value, home);
  }
  return values;
}

/** Reads and parses a `.samocode` file; a missing file or a folder is a config error. */
export function readSamocodeFile(path: string, home: string = homedir()): Record<string, string> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new SamocodeError(
      'config.invalid',
      `config file not found: ${path}; pass --config with the path of your project's .samocode file`,
    );
  }
  if (!isFile) {
    throw new SamocodeError(
      'config.invalid',
      `config path is not a file: ${path}; pass --config with the path of a .samocode file, not a folder`,
    );
  }
  return parseSamocodeFile(readFileSync(path, 'utf8'), home);
}
