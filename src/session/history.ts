/** `_signal_history.jsonl`: one versioned row per iteration, append-only, read tolerantly. */
import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import * as z from 'zod';
import { EscalationSchema } from '../../machines/escalation.js';
import { ReceiptSchema } from '../../machines/receipt.js';
import { cleanDeep } from '../text/clean-text.js';

export const HistoryRowSchema = z.object({
  v: z.literal(1),
  time: z.string(),
  iteration: z.number().int().min(1),
  sourcePhase: z.string(),
  /** `_signal.json` as the agent wrote it (capped), or null when there was none. */
  rawSignal: z.string().nullable(),
  /** The machine event the iteration ended with. */
  event: z.string(),
  /** The phase the signal asked for (continue), or the phase it stays in. */
  target: z.string().nullable(),
  accepted: z.boolean(),
  /** Why the signal was refused (rule id and text), when it was. */
  rejection: z.object({ rule: z.string(), reason: z.string() }).nullable(),
  /** The state the machine moved to, e.g. `planning.awaitingApproval`. */
  state: z.string(),
  outcome: z.string(),
  attempts: z.number().int().min(0),
  /** Measured on a monotonic clock; a negative value (a wall-clock jump in an older samocode) reads as 0. */
  durationMs: z.number().transform((ms) => Math.max(0, ms)),
  tokens: z.object({ input: z.number().min(0), output: z.number().min(0) }),
  costUsd: z.number().min(0),
  /** The cost was computed from the price table (codex reports tokens only). */
  costEstimated: z.boolean().optional(),
  /** No attempt of the iteration reported a cost (the CLI ended before its result line): shown as n/a. */
  costUnreported: z.boolean().optional(),
  /** How the iteration was paid for: an API key variable, `subscription` or `login`. */
  billing: z.string().optional(),
  /** The provider and model of the iteration's last attempt. */
  provider: z.string(),
  model: z.string(),
  /** The last attempt ran on the fallback provider (the primary was usage-limited). */
  fallback: z.boolean().optional(),
  /** Each attempt's provider, in order; present when any attempt ran on the fallback. */
  attemptProviders: z.array(z.string()).optional(),
  /** The iteration ran on the escalation model (`model`), and why: the stop it was run again instead of. */
  escalation: EscalationSchema.optional(),
  /**
   * How a completion stands: `claimed` (the agent said done; no verify command), `verified`,
   * `unverified` (the command passed but the work is not all committed), or `failed` (the verify
   * command failed; the session went back to testing). Absent on other rows.
   */
  verification: z.enum(['claimed', 'verified', 'unverified', 'failed']).optional(),
  /** samocode's verify receipt, on the row of a verification. */
  receipt: ReceiptSchema.optional(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

/**
 * Appends one row on a line of its own: if the file ends in a torn line (a crash mid-append), the
 * row starts on a fresh line so the torn one cannot swallow it. Text is cleaned before it is stored.
 */
export function appendHistoryRow(path: string, row: HistoryRow): void {
  const line = `${JSON.stringify(cleanDeep(row))}\n`;
  appendFileSync(path, endsTorn(path) ? `\n${line}` : line);
}

/** The file exists, is not empty and its last byte is not a newline. */
function endsTorn(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Parses one line; `undefined` for a corrupt or foreign line. */
export function parseHistoryLine(line: string): HistoryRow | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = HistoryRowSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface HistoryRead {
  readonly rows: HistoryRow[];
  readonly skipped: number;
}

/** Every valid row; corrupt lines are counted and skipped. */
export function readHistory(path: string): HistoryRead {
  if (!existsSync(path)) return { rows: [], skipped: 0 };
  const rows: HistoryRow[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = parseHistoryLine(line);
    if (row) rows.push(row);
    else skipped += 1;
  }
  return { rows, skipped };
}

const CHUNK = 64 * 1024;
/** No valid row is this long (a row quotes at most a 64 KiB signal); longer lines are skipped unread. */
const MAX_ROW_BYTES = 1024 * 1024;

/**
 * The last valid row, scanning the file backwards from its end in chunks: each byte is read once
 * and each line is put together once, so a huge torn line costs linear time, not quadratic.
 */
export function readLastRow(path: string): HistoryRow | undefined {
  if (!existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(CHUNK);
    let pieces: Buffer[] = [];
    let lineBytes = 0;
    let isTooLong = false;
    const addPiece = (piece: Buffer): void => {
      if (isTooLong || piece.length === 0) return;
      lineBytes += piece.length;
      if (lineBytes > MAX_ROW_BYTES) {
        isTooLong = true;
        pieces = [];
      } else pieces.unshift(Buffer.from(piece));
    };
    const takeLine = (): HistoryRow | undefined => {
      const row = isTooLong ? undefined : parseHistoryLine(Buffer.concat(pieces).toString('utf8'));
      pieces = [];
      lineBytes = 0;
      isTooLong = false;
      return row;
    };
    let end = fstatSync(fd).size;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const view = chunk.subarray(0, end - start);
      readSync(fd, view, 0, view.length, start);
      let lineEnd = view.length;
      for (let at = view.lastIndexOf(0x0a, lineEnd - 1); at >= 0; at = view.lastIndexOf(0x0a, at - 1)) {
        addPiece(view.subarray(at + 1, lineEnd));
        const row = takeLine();
        if (row) return row;
        lineEnd = at;
        if (at === 0) break;
      }
      addPiece(view.subarray(0, lineEnd));
      end = start;
    }
    return takeLine();
  } finally {
    closeSync(fd);
  }
}
