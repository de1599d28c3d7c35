/**
 * What the poller keeps between runs: the `offset` (one past the last update handled, so a
 * restart does not replay old updates) and a map of recent gate keys to their gates, so a late
 * press on an old button can still be told who closed that gate. Written atomically after each batch.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { GATE_KINDS } from '../gates/gate-id.js';
import { readSmallFile } from '../gates/read-small-file.js';
import { writeFileAtomic } from '../session/atomic-write.js';
import type { Registration } from './waiting-registry.js';

/** Gates remembered for late presses; the oldest are forgotten first. */
export const MAX_KNOWN_GATES = 200;

const KnownGateSchema = z.object({
  gateKey: z.string(),
  gateId: z.string(),
  sessionDir: z.string(),
  gateKind: z.enum(GATE_KINDS),
  messageId: z.number().int().optional(),
});
export type KnownGate = z.infer<typeof KnownGateSchema>;

export const PollerStateSchema = z.object({
  offset: z.number().int().optional(),
  gates: z.array(KnownGateSchema).max(MAX_KNOWN_GATES * 2),
});
export type PollerState = z.infer<typeof PollerStateSchema>;

export const EMPTY_POLLER_STATE: PollerState = { gates: [] };

/** The saved state; a missing or unreadable file starts empty (and says why, when unreadable). */
export function readPollerState(path: string): { state: PollerState; problem?: string } {
  const read = readSmallFile(path, 1024 * 1024);
  if (read.kind === 'missing') return { state: EMPTY_POLLER_STATE };
  if (read.kind === 'refused') return { state: EMPTY_POLLER_STATE, problem: read.reason };
  try {
    const parsed = PollerStateSchema.safeParse(JSON.parse(read.text));
    if (parsed.success) return { state: parsed.data };
  } catch {
    // falls through: not JSON
  }
  return {
    state: EMPTY_POLLER_STATE,
    problem: `${path} is not a poller state; starting from the Bot API's queue`,
  };
}

export function writePollerState(path: string, state: PollerState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${JSON.stringify(state)}\n`);
}

/** The state with these registrations' gates remembered (newest last, at most `MAX_KNOWN_GATES`). Pure. */
export function rememberGates(state: PollerState, registrations: readonly Registration[]): PollerState {
  const fresh: KnownGate[] = registrations.map((entry) => ({
    gateKey: entry.gateKey,
    gateId: entry.gateId,
    sessionDir: entry.sessionDir,
    gateKind: entry.gateKind,
    ...(entry.messageId === undefined ? {} : { messageId: entry.messageId }),
  }));
  const freshKeys = new Set(fresh.map((gate) => gate.gateKey));
  const kept = state.gates.filter((gate) => !freshKeys.has(gate.gateKey));
  return { ...state, gates: [...kept, ...fresh].slice(-MAX_KNOWN_GATES) };
}
