/**
 * The script of a page samocode serves: `src/<area>/browser/<entry>.ts`, bundled by
 * `scripts/build.mjs` into `<build>/browser/<entry>.js` (`dist/`, or the test suite's `dist-test/`),
 * read once per process.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SamocodeError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { packageRoot } from './package-root.js';

const loaded = new Map<string, string>();

/** The bundled script of `entry` (its file name without `.ts`); throws when the build has not made it. */
export function readBrowserBundle(entry: string): string {
  const known = loaded.get(entry);
  if (known !== undefined) return known;
  const path = join(packageRoot(), buildFolder(), 'browser', `${entry}.js`);
  let script: string;
  try {
    script = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SamocodeError(
      'install.incomplete',
      `the page script ${path} is missing (${error instanceof Error ? error.message : String(error)}); run npm run build in ${packageRoot()}`,
      { exitCode: EXIT.internalError, cause: error },
    );
  }
  loaded.set(entry, script);
  return script;
}

/**
 * The build this code runs from (its top folder under the package root). From source it is the
 * test suite's `dist-test` under vitest (built by its global setup; a fresh clone has no `dist`),
 * else `dist`.
 */
function buildFolder(): string {
  const [top] = relative(packageRoot(), fileURLToPath(import.meta.url)).split(sep);
  if (top !== undefined && top !== 'src') return top;
  return process.env.VITEST === undefined ? 'dist' : 'dist-test';
}
