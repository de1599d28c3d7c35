/** The dashboard page's script, as `npm run build` bundled it into dist/pages/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SamocodeError } from '../errors.js';
import { packageRoot } from '../package-root.js';

export const PAGE_SCRIPT_FILE = join('dist', 'pages', 'dashboard-page.js');

export function readPageScript(root: string = packageRoot()): string {
  const file = join(root, PAGE_SCRIPT_FILE);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SamocodeError(
      'dashboard.page-missing',
      `cannot read the dashboard page's script ${file} (${error instanceof Error ? error.message : String(error)}); run \`npm run build\` in ${root}`,
      { cause: error },
    );
  }
}
