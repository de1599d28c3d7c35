/** `_queue/runs.jsonl`: every claim that ended (who ran which session, when, how), append-only. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { cleanDeep } from '../../text/clean-text.js';
import { JsonObjectSchema } from '../json.js';
import type { FinishedRun } from '../session-queue.js';

const FinishedSchema = z.object({
  id: z.string(),
  session: z.string(),
  worker: z.string(),
  account: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  outcome: JsonObjectSchema,
});

export function appendRun(path: string, run: FinishedRun): void {
  appendFileSync(path, `${JSON.stringify(cleanDeep(run))}\n`);
}

/** The last `count` runs, oldest first; corrupt lines are skipped. */
export function readRuns(path: string, count: number): FinishedRun[] {
  if (!existsSync(path)) return [];
  const runs: FinishedRun[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = FinishedSchema.safeParse(JSON.parse(line));
      if (parsed.success) runs.push(parsed.data);
    } catch {}
  }
  return runs.slice(-count);
}
