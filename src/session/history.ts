/** `_signal_history.jsonl`: one versioned row per iteration, append-only, read tolerantly. */
import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { z } from 'zod';

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
  durationMs: z.number().min(0),
  tokens: z.object({ input: z.number().min(0), output: z.number().min(0) }),
  costUsd: z.number().min(0),
  /** The cost was computed from the price table (codex reports tokens only). */
  costEstimated: z.boolean().optional(),
  /** How the iteration was paid for: an API key variable, `subscription` or `login`. */
  billing: z.string().optional(),
  provider: z.string(),
  model: z.string(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

export function appendHistoryRow(path: string, row: HistoryRow): void {
  appendFileSync(path, `${JSON.stringify(row)}\n`);
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

/** The last valid row, reading the file backwards from its end in chunks (never the whole file unless it must). */
export function readLastRow(path: string): HistoryRow | undefined {
  if (!existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    let end = fstatSync(fd).size;
    let tail = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const chunk = Buffer.alloc(end - start);
      readSync(fd, chunk, 0, chunk.length, start);
      tail = Buffer.concat([chunk, tail]);
      end = start;
      const lines = tail.toString('utf8').split('\n');
      // The first piece may be a partial line unless we reached the start of the file.
      const complete = end === 0 ? lines : lines.slice(1);
      for (let i = complete.length - 1; i >= 0; i -= 1) {
        const row = parseHistoryLine(complete[i] ?? '');
        if (row) return row;
      }
      if (end > 0) tail = Buffer.from(lines[0] ?? '', 'utf8');
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
