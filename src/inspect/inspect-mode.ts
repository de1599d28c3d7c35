/** `--inspect` (local page), `--inspect=stately` (hosted Stately UI); and the relay's port. */
import { SamocodeError } from '../errors.js';

export const INSPECT_MODES = ['local', 'stately'] as const;
export type InspectMode = (typeof INSPECT_MODES)[number];

/** commander gives `true` for a bare `--inspect` and the string for `--inspect=<mode>`. */
export function parseInspectMode(flag: unknown): InspectMode | undefined {
  if (flag === undefined || flag === false) return undefined;
  if (flag === true) return 'local';
  const mode = INSPECT_MODES.find((name) => name === flag);
  if (mode !== undefined) return mode;
  throw new SamocodeError(
    'inspect.mode',
    `--inspect got "${String(flag).slice(0, 60)}"; expected no value (local page) or "stately". Use --inspect or --inspect=stately.`,
  );
}

/** `SAMOCODE_INSPECT_PORT`: 0 or unset picks a free port. */
export function parseInspectPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
  throw new SamocodeError(
    'inspect.port',
    `SAMOCODE_INSPECT_PORT is "${value.slice(0, 60)}"; expected a port number 0–65535 (0 = any free port). Fix or unset it.`,
  );
}
