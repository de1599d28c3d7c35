/**
 * Which gate a session has open, kept beside the decisions in `_gates/latest.json` until the
 * machine's context carries a gate counter. Only the holder of the session's run lock opens and
 * closes gates; every channel reads the open one to know which gate a decision is for.
 *
 * A gate is reopened, not renumbered, when the same wait is entered again after a restart (same
 * kind, same `marker`, e.g. the session's total iterations): a decision recorded meanwhile still
 * applies. Once closed, the next wait gets the next number, so an id is never reused.
 */

import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../session/atomic-write.js';
import { buildGateId, buildGatePaths, GATE_KINDS, type GateKind, parseGateId } from './gate-id.js';
import { readSmallFile } from './read-small-file.js';

export const LatestGateSchema = z.strictObject({
  gateId: z.string().refine((id) => parseGateId(id) !== undefined, 'not a gate id'),
  seq: z.number().int().positive(),
  kind: z.enum(GATE_KINDS),
  marker: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string().optional(),
});
export type LatestGate = z.infer<typeof LatestGateSchema>;

const LATEST_FILE = 'latest.json';

function latestPath(sessionDir: string): string {
  return join(buildGatePaths(sessionDir).dir, LATEST_FILE);
}

/** The session's latest gate (open or closed); undefined when none was opened or the file is unreadable. */
export function readLatestGate(sessionDir: string): LatestGate | undefined {
  const read = readSmallFile(latestPath(sessionDir), 4096);
  if (read.kind !== 'text') return undefined;
  try {
    const parsed = LatestGateSchema.safeParse(JSON.parse(read.text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The highest number among recorded decisions: a lost `latest.json` must not reuse a decided id. */
function highestDecidedSeq(sessionDir: string): number {
  let names: string[];
  try {
    names = readdirSync(buildGatePaths(sessionDir).dir);
  } catch {
    return 0;
  }
  return Math.max(0, ...names.map((name) => Number(/^g([0-9]+)-[a-z]+\.json$/.exec(name)?.[1] ?? 0)));
}

/** The gate a decision may be recorded for now, if one is open. */
export function readOpenGateId(sessionDir: string): string | undefined {
  const latest = readLatestGate(sessionDir);
  return latest && latest.closedAt === undefined ? latest.gateId : undefined;
}

/** Opens a gate of `kind` at `marker`, or returns the same wait's gate when it is still open. */
export function openGate(sessionDir: string, kind: GateKind, marker: number, now = new Date()): LatestGate {
  const latest = readLatestGate(sessionDir);
  if (latest && latest.closedAt === undefined && latest.kind === kind && latest.marker === marker)
    return latest;
  const seq = Math.max(latest?.seq ?? 0, highestDecidedSeq(sessionDir)) + 1;
  const next: LatestGate = {
    gateId: buildGateId(sessionDir, seq, kind),
    seq,
    kind,
    marker,
    openedAt: now.toISOString(),
  };
  mkdirSync(buildGatePaths(sessionDir).dir, { recursive: true });
  writeFileAtomic(latestPath(sessionDir), `${JSON.stringify(next)}\n`);
  return next;
}

/**
 * Marks `gateId` closed once its decision was applied; another id is left alone. A wait that ends
 * otherwise (Ctrl-C) leaves the gate open, so the next run waits on the same gate.
 */
export function closeGate(sessionDir: string, gateId: string, now = new Date()): void {
  const latest = readLatestGate(sessionDir);
  if (!latest || latest.gateId !== gateId || latest.closedAt !== undefined) return;
  writeFileAtomic(latestPath(sessionDir), `${JSON.stringify({ ...latest, closedAt: now.toISOString() })}\n`);
}
