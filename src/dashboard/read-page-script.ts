/** The dashboard page's script, as `npm run build` bundled it (`src/dashboard/browser/dashboard-main.ts`). */
import { readBrowserBundle } from '../browser-bundle.js';

export function readPageScript(): string {
  return readBrowserBundle('dashboard-main');
}
