/**
 * Gate ids and where a gate's decision lives. A gate id is `<session folder>/g<seq>-<kind>`, tied to
 * one session and one wait, never reused: `26-12-07-add-login/g3-approval`. Pure.
 */
import { basename, join } from 'node:path';
import { GATE_KINDS, type GateKind } from '../../machines/state-meaning.js';

export { GATE_KINDS, type GateKind };

/** The folder of decision records and the stop request, inside the session folder. */
export const GATES_DIR = '_gates';
export const STOP_FILE = 'stop.json';

const GATE_PART = /^g([1-9][0-9]{0,8})-(approval|answers|action|grant)$/;
const FOLDER = /^[A-Za-z0-9._-]+$/;

export interface GateRef {
  /** The session folder's name (not a path). */
  readonly session: string;
  readonly seq: number;
  readonly kind: GateKind;
}

function isGateKind(text: string): text is GateKind {
  return GATE_KINDS.some((kind) => kind === text);
}

/** `buildGateId('/s/26-12-07-add-login', 3, 'approval')` → `26-12-07-add-login/g3-approval`. */
export function buildGateId(sessionDir: string, seq: number, kind: GateKind): string {
  return `${basename(sessionDir)}/g${seq}-${kind}`;
}

/** The parts of a gate id, or undefined when it is not one (a path, a foreign string). */
export function parseGateId(gateId: string): GateRef | undefined {
  const slash = gateId.indexOf('/');
  if (slash <= 0 || slash !== gateId.lastIndexOf('/')) return undefined;
  const session = gateId.slice(0, slash);
  const match = GATE_PART.exec(gateId.slice(slash + 1));
  if (!FOLDER.test(session) || session === '.' || session === '..' || !match) return undefined;
  const kind = match[2] ?? '';
  return isGateKind(kind) ? { session, seq: Number(match[1]), kind } : undefined;
}

/** The gate id's session matches this session folder. */
export function isGateOfSession(gateId: string, sessionDir: string): boolean {
  return parseGateId(gateId)?.session === basename(sessionDir);
}

export interface GatePaths {
  readonly dir: string;
  readonly stop: string;
  /** The decision record of one gate: `_gates/g3-approval.json`. */
  decision(gateId: string): string;
}

/** Paths under `<session>/_gates/`. `decision()` takes a gate id that `parseGateId` accepted. */
export function buildGatePaths(sessionDir: string): GatePaths {
  const dir = join(sessionDir, GATES_DIR);
  return {
    dir,
    stop: join(dir, STOP_FILE),
    decision: (gateId) => join(dir, `${gateId.slice(gateId.indexOf('/') + 1)}.json`),
  };
}
