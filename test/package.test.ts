/** What `npm pack` ships: prepack (not prepare), a LICENSE, and every file the README links to. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '..');

const PackSchema = z.array(z.object({ files: z.array(z.object({ path: z.string() })) }));
const ManifestSchema = z.object({
  scripts: z.record(z.string(), z.string()),
  license: z.string(),
  files: z.array(z.string()),
});

/** Relative link targets in README.md (no URLs, no anchors). */
function readmeLinks(): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...text.matchAll(/\]\(([^)#\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('the npm package [slow: runs npm pack]', { timeout: 120_000 }, () => {
  it('builds on prepack, not prepare, so installing a tarball runs no build script', () => {
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
    expect(manifest.scripts.prepack).toBe('node scripts/build.mjs');
    expect(manifest.scripts.prepare).toBeUndefined();
    expect(manifest.license).toBe('MIT');
  });

  it('ships the LICENSE and every file the README links to', async () => {
    const packed = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const [pack] = PackSchema.parse(JSON.parse(packed.stdout));
    const shipped = new Set((pack?.files ?? []).map((file) => file.path));
    expect(shipped.has('LICENSE')).toBe(true);
    const links = readmeLinks();
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((link) => !shipped.has(link))).toEqual([]);
  });
});
