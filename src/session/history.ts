/**
 * `_signal_history.jsonl`: one versioned row per iteration (and one per human decision on a gate),
 * append-only, read tolerantly.
 */

import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import * as z from 'zod';
import { EscalationSchema } from '../../machines/escalation.js';
import { ReceiptSchema } from '../../machines/receipt.js';
import { SamocodeError } from '../errors.js';
import { cleanDeep } from '../text/clean-text.js';
import {
  openSessionFile,
  readSessionFileTail,
  renderBytes,
  SYMLINK_REFUSAL,
  toNotRegularRefusal,
} from './read-session-file.js';

/**
 * A cost or token count as stored. An older samocode stored what the CLI sent, negative ones
 * included: those read as 0 (unknown), so the session stays readable.
 */
const storedFigure = z.number().transform((value) => Math.max(value, 0));

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
  tokens: z.object({ input: storedFigure, output: storedFigure }),
  costUsd: storedFigure,
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
  /** On the row of a human decision (not an iteration): which gate, what, who, on which channel, when. */
  decision: z
    .object({ gateId: z.string(), action: z.string(), channel: z.string(), who: z.string(), at: z.string() })
    .optional(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

/** The rows of iterations (and verifications): a decision's row is not an iteration. */
export function iterationRows<Row extends { readonly decision?: unknown }>(rows: readonly Row[]): Row[] {
  return rows.filter((row) => row.decision === undefined);
}

/**
 * Appends one row on a line of its own: if the file ends in a torn line (a crash mid-append), the
 * row starts on a fresh line so the torn one cannot swallow it. Text is cleaned before it is stored.
 * The file is opened without following a symlink and without blocking, and must be a regular file.
 */
export function appendHistoryRow(path: string, row: HistoryRow): void {
  const line = `${JSON.stringify(cleanDeep(row))}\n`;
  const fd = openForAppend(path);
  try {
    const size = fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const isTorn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    writeAll(fd, Buffer.from(isTorn ? `\n${line}` : line, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

/** Two rows are the same iteration record (the time, the iteration and the event it ended with). */
export function isSameRow(a: HistoryRow | undefined, b: HistoryRow | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.time === b.time &&
    a.iteration === b.iteration &&
    a.event === b.event
  );
}

const APPEND_FLAGS =
  constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function openForAppend(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, APPEND_FLAGS, 0o644);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    // ELOOP: a symlink; ENXIO: a FIFO nobody reads (the open does not block).
    if (code === 'ELOOP') throw historyRefusal(path, SYMLINK_REFUSAL.problem);
    if (code === 'ENXIO') throw historyRefusal(path, 'is a FIFO (named pipe), not a regular file');
    throw error;
  }
  const stat = fstatSync(fd);
  if (stat.isFile()) return fd;
  closeSync(fd);
  throw historyRefusal(path, toNotRegularRefusal(stat).problem);
}

function historyRefusal(path: string, problem: string): SamocodeError {
  return new SamocodeError(
    'session.history',
    `${path} ${problem}; move it aside (mv ${path} ${path}.bad) and run again`,
  );
}

/** A full disk accepts part of a write: keep writing until every byte is down (or ENOSPC). */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
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
  /** What kept the history from being read whole: not a regular file, or only its tail was read. */
  readonly problem?: string;
}

/**
 * How much of the history's end is read. A row is well under a kilobyte unless it quotes a large
 * signal, so this holds thousands of iterations; a larger file is read from its end and says so.
 */
export const HISTORY_TAIL_BYTES = 4 * 1024 * 1024;

/** Every valid row of the file's last `maxBytes`; corrupt lines are counted and skipped. */
export function readHistory(path: string, maxBytes = HISTORY_TAIL_BYTES): HistoryRead {
  const read = readSessionFileTail(path, maxBytes);
  if (read === undefined) return { rows: [], skipped: 0 };
  if ('problem' in read) return { rows: [], skipped: 0, problem: `${basename(path)} ${read.problem}` };
  const rows: HistoryRow[] = [];
  let skipped = 0;
  for (const line of read.text.split('\n')) {
    if (line.trim() === '') continue;
    const row = parseHistoryLine(line);
    if (row) rows.push(row);
    else skipped += 1;
  }
  if (read.skippedBytes === 0) return { rows, skipped };
  return {
    rows,
    skipped,
    problem: `${basename(path)} is ${renderBytes(read.size)}; only its last ${renderBytes(read.size - read.skippedBytes)} were read (${rows.length} row(s)), so counts and sums cover those`,
  };
}

const CHUNK = 64 * 1024;
/** A last row is looked for this far back (past a torn line of many MiB); beyond it there is none samocode can use. */
const MAX_SCAN_BYTES = 64 * 1024 * 1024;
/** No valid row is this long (a row quotes at most a 64 KiB signal); longer lines are skipped unread. */
const MAX_ROW_BYTES = 1024 * 1024;

/**
 * The last valid row, scanning the file backwards from its end in chunks: each byte is read once
 * and each line is put together once, so a huge torn line costs linear time, not quadratic.
 */
export function readLastRow(path: string): HistoryRow | undefined {
  const opened = openSessionFile(path);
  if (opened === undefined) return undefined;
  if ('problem' in opened) throw historyRefusal(path, opened.problem);
  const { fd } = opened;
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
    let end = opened.size;
    const stop = Math.max(0, end - MAX_SCAN_BYTES);
    while (end > stop) {
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
    // Stopped before the start: what is left is the end of a line whose beginning was not read.
    return end === 0 ? takeLine() : undefined;
  } finally {
    closeSync(fd);
  }
}
