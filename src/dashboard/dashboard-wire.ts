/**
 * What the dashboard page reads from the server's JSON, as zod schemas: the page parses every
 * answer before it places a value. The server sends more (the whole session view); these are the
 * fields the page shows, each already in the words and formats samocode prints.
 */
import * as z from 'zod/mini';

export const PageConfigSchema = z.object({
  machine: z.object({
    phases: z.array(z.object({ phase: z.string(), subStates: z.array(z.string()) })),
  }),
  pollMs: z.number().check(z.positive()),
});
export type PageConfig = z.infer<typeof PageConfigSchema>;

const NextSchema = z.object({ text: z.string(), command: z.optional(z.string()) });

export const PageSummarySchema = z.object({
  session: z.string(),
  attention: z.string(),
  needsHuman: z.boolean(),
  phase: z.string(),
  headline: z.string(),
  details: z.array(z.string()),
  next: z.optional(NextSchema),
  continueWith: z.optional(z.string()),
  modelText: z.string(),
  iterations: z.object({ total: z.number() }),
  spend: z.object({ costText: z.string() }),
  worker: z.object({ isRunning: z.boolean(), pid: z.optional(z.number()) }),
  changedText: z.string(),
  machine: z.object({ state: z.string() }),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const PageListSchema = z.object({ sessionsDir: z.string(), sessions: z.array(PageSummarySchema) });
export type PageList = z.infer<typeof PageListSchema>;

export const PageDetailSchema = z.object({
  summary: PageSummarySchema,
  at: z.object({ phase: z.string(), sub: z.string() }),
  iterationsByPhase: z.record(z.string(), z.number()),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  history: z.array(
    z.object({
      timeText: z.string(),
      iteration: z.number(),
      phase: z.string(),
      eventText: z.string(),
      accepted: z.boolean(),
      note: z.string(),
      state: z.string(),
      outcome: z.string(),
      attempts: z.number(),
      durationText: z.string(),
      costText: z.string(),
      tokens: z.string(),
    }),
  ),
  historyCountText: z.string(),
});
export type PageDetail = z.infer<typeof PageDetailSchema>;
