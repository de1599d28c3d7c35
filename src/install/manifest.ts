/** The record of what `samocode install` created, so `--uninstall` removes only that. */
import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { SamocodeError } from '../errors.js';
import { writeFileAtomic } from '../session/atomic-write.js';

export const ManifestEntrySchema = z.object({
  dest: z.string().min(1),
  source: z.string().min(1),
  kind: z.enum(['file', 'dir']),
  mode: z.enum(['link', 'copy']),
  /** Content hash of a copy right after it was made. */
  hash: z.string().optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const ManifestSchema = z.object({
  version: z.literal(1),
  /** Folders install created, parents first; uninstall removes them again when empty. */
  createdDirs: z.array(z.string().min(1)),
  entries: z.array(ManifestEntrySchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const EMPTY_MANIFEST: Manifest = { version: 1, createdDirs: [], entries: [] };

export function readManifest(path: string): Manifest {
  if (!existsSync(path)) return EMPTY_MANIFEST;
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SamocodeError(
      'install.manifest',
      `read install manifest: ${path} is not valid JSON; move it away and run samocode install again`,
      { cause: error },
    );
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new SamocodeError(
      'install.manifest',
      `read install manifest: ${path} does not have the expected shape (${parsed.error.issues[0]?.message ?? 'unknown'}); move it away and run samocode install again`,
    );
  }
  return parsed.data;
}

export function writeManifest(path: string, manifest: Manifest): void {
  writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
