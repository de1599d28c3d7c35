/** `samocode --version` answers from the version reader alone; other arguments still reach commander. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { version } = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
const samocode = (...args: string[]) =>
  execFileSync(process.execPath, [SAMOCODE_BIN, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('samocode --version', () => {
  it('prints the package version for --version and -V', () => {
    expect(samocode('--version')).toBe(`${version}\n`);
    expect(samocode('-V')).toBe(`${version}\n`);
  });

  it('leaves everything else to commander (help lists the commands)', () => {
    expect(samocode('--help')).toContain('status [options]');
  });
});
