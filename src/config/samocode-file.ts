/**
 * The `.samocode` project file: `KEY=VALUE` lines, `#` comments (whole lines, or after a space),
 * values optionally in single or double quotes, `~` expanded. A malformed line is an issue; a key
 * samocode does not know is a warning with a suggestion.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { SamocodeError } from '../errors.js';
import type { ConfigIssue } from './config.js';
import { LIMIT_VARIABLES } from './limits.js';
import { VARIABLE_NAMES } from './schema.js';
import { suggestName } from './suggest.js';

/** Expands a leading `~` or `~/` to `home`; any other value is returned as is. */
export function expandHome(value: string, home: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/')) return `${home}${value.slice(1)}`;
  return value;
}

export interface SamocodeFile {
  readonly values: Readonly<Record<string, string>>;
  /** Lines that are not `KEY=VALUE`; reported with the other configuration problems. */
  readonly issues: readonly ConfigIssue[];
  /** Unknown keys, each with a suggestion when one is close. */
  readonly warnings: readonly string[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every key samocode applies: the resolver's variables and the limits it reads (a test checks the two agree). */
export const KNOWN_KEYS: readonly string[] = [...VARIABLE_NAMES, ...LIMIT_VARIABLES];

type ParsedValue = { readonly value: string } | { readonly problem: string };

/** The value part of a line: quoted (kept verbatim) or bare (an inline ` #` comment removed). */
function parseValue(rest: string): ParsedValue {
  const text = rest.trim();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    if (end < 0) return { problem: `the ${quote} quote is not closed` };
    const after = text.slice(end + 1).trim();
    if (after !== '' && !after.startsWith('#'))
      return { problem: `unexpected text after the closing quote: ${after.slice(0, 40)}` };
    return { value: text.slice(1, end) };
  }
  const comment = text.search(/\s#/);
  return { value: (comment < 0 ? text : text.slice(0, comment)).trim() };
}

/** Parses `.samocode` text; `path` only names the file in messages. Pure. */
export function parseSamocodeFile(text: string, home: string, path = '.samocode'): SamocodeFile {
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${path} line ${index + 1}`;
    const at = line.indexOf('=');
    const key = (at < 0 ? (line.split(/\s+/)[0] ?? '') : line.slice(0, at)).trim();
    if (at <= 0 || !KEY.test(key)) {
      const rest = line.slice(key.length).trim();
      issues.push({
        key: where,
        received: line,
        expected: 'KEY=VALUE',
        fix:
          at < 0 && KEY.test(key) && rest !== ''
            ? `write it as ${key}=${rest}`
            : 'write the line as KEY=VALUE, or start it with # to make it a comment',
      });
      return;
    }
    const parsed = parseValue(line.slice(at + 1));
    if ('problem' in parsed) {
      issues.push({
        key: where,
        received: line,
        expected: `KEY=VALUE (${parsed.problem})`,
        fix: `write it as ${key}="…" with both quotes, or without quotes`,
      });
      return;
    }
    values[key] = expandHome(parsed.value, home);
    if (!KNOWN_KEYS.includes(key)) {
      const suggestion = suggestName(key, KNOWN_KEYS);
      warnings.push(
        suggestion === undefined
          ? `${where}: unknown key ${key} is ignored (samocode's keys are listed in its README; environment variables for the provider belong in a .env file next to ${path})`
          : `${where}: unknown key ${key} is ignored; did you mean ${suggestion}?`,
      );
    }
  });
  return { values, issues, warnings };
}

/** Reads and parses a `.samocode` file; a missing file or a folder is a config error. */
export function readSamocodeFile(path: string, home: string = homedir()): SamocodeFile {
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
  return parseSamocodeFile(readFileSync(path, 'utf8'), home, path);
}
