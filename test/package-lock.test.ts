/** The committed lock file agrees with package.json, so `npm install` in a fresh clone leaves it unchanged. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '..');

const Names = z.record(z.string(), z.string());
/** The fields npm copies from package.json into the lock's root entry (`packages[""]`). */
const RootSchema = z.object({
  name: z.string(),
  version: z.string(),
  bin: Names.optional(),
  dependencies: Names.optional(),
  devDependencies: Names.optional(),
  optionalDependencies: Names.optional(),
  peerDependencies: Names.optional(),
  engines: Names.optional(),
  license: z.string().optional(),
});
const LockSchema = z.object({
  name: z.string(),
  version: z.string(),
  packages: z.object({ '': RootSchema }).loose(),
});

const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe('package-lock.json', () => {
  const manifest = RootSchema.loose().parse(read('package.json'));
  const lock = LockSchema.parse(read('package-lock.json'));
  const root = lock.packages[''];

  it('names the package and version of package.json', () => {
    expect({ name: lock.name, version: lock.version }).toEqual({
      name: manifest.name,
      version: manifest.version,
    });
  });

  it.each([
    'name',
    'version',
    'bin',
    'dependencies',
    'devDependencies',
    'optionalDependencies',
    'peerDependencies',
    'engines',
    'license',
  ] as const)('root entry: %s is the one in package.json', (field) => {
    expect(root[field]).toEqual(manifest[field]);
  });

  it('locks every direct dependency at the version package.json pins', () => {
    const pinned = { ...manifest.dependencies, ...manifest.devDependencies };
    const locked = Object.fromEntries(
      Object.keys(pinned).map((name) => {
        const entry = z
          .object({ version: z.string() })
          .loose()
          .safeParse(lock.packages[`node_modules/${name}`]);
        return [name, entry.success ? entry.data.version : 'missing'];
      }),
    );
    expect(locked).toEqual(pinned);
  });
});
