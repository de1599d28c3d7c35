/** Reads a machine state value (`{planning: 'awaitingApproval'}`, `'completed'`) as a dotted path. */
import { z } from 'zod';
import { PHASES, type Phase } from '../../machines/phases.js';

export interface StatePath {
  /** The phase, or undefined for the final `completed` state. */
  readonly phase?: Phase;
  /** The sub-state (`running`, `blocked` …) or the top-level state name. */
  readonly sub: string;
}

const PhaseValueSchema = z.partialRecord(z.enum(PHASES), z.string());
/** The runner's already-split view (`{phase, sub}`), accepted as well. */
const SplitSchema = z.object({ phase: z.string(), sub: z.string() });

export function toStatePath(value: unknown): StatePath | undefined {
  if (typeof value === 'string') return { sub: value };
  const split = SplitSchema.safeParse(value);
  if (split.success) {
    const phase = PHASES.find((name) => name === split.data.phase);
    if (phase !== undefined) return { phase, sub: split.data.sub };
    return split.data.sub === '' ? { sub: split.data.phase } : undefined;
  }
  const parsed = PhaseValueSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const [entry] = Object.entries(parsed.data);
  if (entry === undefined) return undefined;
  const phase = PHASES.find((name) => name === entry[0]);
  return phase === undefined ? undefined : { phase, sub: entry[1] };
}

export function renderStatePath(value: unknown): string {
  const path = toStatePath(value);
  if (path === undefined) return JSON.stringify(value) ?? 'unknown';
  return path.phase === undefined ? path.sub : `${path.phase}.${path.sub}`;
}
