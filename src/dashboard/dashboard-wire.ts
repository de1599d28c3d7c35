/**
 * What the dashboard page reads from the server's JSON, as zod schemas: the page parses every
 * answer before it places a value. The server sends more (the whole session view); these are the
 * fields the page shows, each already in the words and formats samocode prints.
 */
import * as z from 'zod/mini';

/** The `<meta>` that carries the per-process action token to the page's script. */
export const TOKEN_META = 'samocode-token';
/** The header every action POST sends the token back in. */
export const TOKEN_HEADER = 'x-samocode-token';

export const PageConfigSchema = z.object({
  machine: z.object({
    phases: z.array(z.object({ phase: z.string(), subStates: z.array(z.string()) })),
  }),
  pollMs: z.number().check(z.positive()),
});
export type PageConfig = z.infer<typeof PageConfigSchema>;

const NextSchema = z.object({ text: z.string(), command: z.optional(z.string()) });

/** The gate the session is at: the page offers the actions of its kind. */
const GateSchema = z.object({
  id: z.string(),
  kind: z.enum(['approval', 'answers', 'action', 'grant']),
  asks: z.string(),
});

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
  worker: z.object({ isRunning: z.boolean(), pid: z.optional(z.number()), name: z.optional(z.string()) }),
  changedText: z.string(),
  machine: z.object({ state: z.string() }),
  gate: z.optional(GateSchema),
  /** `approved at 12:04 by root via dashboard`. */
  lastDecision: z.optional(z.object({ text: z.string() })),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const PageListSchema = z.object({
  sessionsDir: z.string(),
  /** The sessions come from a shared store (`SAMOCODE_STORE`), not from `sessionsDir`. */
  store: z.optional(z.literal('postgres')),
  sessions: z.array(PageSummarySchema),
});
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
  /** The plan (approval) or `_qa.md` (answers) the gate asks about, as text. */
  gateText: z.optional(z.object({ path: z.string(), text: z.string() })),
});
export type PageDetail = z.infer<typeof PageDetailSchema>;

/** What an action's POST answers: the outcome in the CLI's words, or why it was refused. */
export const ActionAnswerSchema = z.object({ ok: z.boolean(), message: z.string() });
export type ActionAnswer = z.infer<typeof ActionAnswerSchema>;
