/**
 * What the local inspector page receives: each relayed inspector message carries a `view`, built
 * on the server (`viewer-view.ts`), that the page only renders. Shared by the server and the page.
 */
// zod's mini build: the page's bundle carries only the checks used here.
import * as z from 'zod/mini';

export const ViewerMachineSchema = z.object({
  name: z.string(),
  /** The phases in workflow order, each with its sub-states in the machine's order. */
  phases: z.array(z.object({ phase: z.string(), subStates: z.array(z.string()) })),
  /** The final state after the last phase. */
  final: z.string(),
});
export type ViewerMachine = z.infer<typeof ViewerMachineSchema>;

export const ViewerStateSchema = z.object({
  /** `implementation.awaitingAction`, `completed`. */
  text: z.string(),
  /** The phase, the final state's name, or empty when the value is not the session machine's. */
  phase: z.string(),
  sub: z.string(),
  totalIterations: z.number(),
  /** The attempt number, or `–` between attempts. */
  attempt: z.string(),
  iterations: z.record(z.string(), z.number()),
  /** Why the session stands still (blocked, waiting, failed, suspended), or empty. */
  note: z.string(),
});
export type ViewerState = z.infer<typeof ViewerStateSchema>;

export const ViewerEventSchema = z.object({
  /** `HH:MM:SS.mmm` (UTC). */
  time: z.string(),
  type: z.string(),
  /** `target: x · for: y …`, the event's shown fields. */
  details: z.string(),
});
export type ViewerEvent = z.infer<typeof ViewerEventSchema>;

export const ViewerPartSchema = z.object({
  machine: z.optional(ViewerMachineSchema),
  state: z.optional(ViewerStateSchema),
  event: z.optional(ViewerEventSchema),
});
export type ViewerPart = z.infer<typeof ViewerPartSchema>;

export const ViewerMessageSchema = z.object({
  sessionId: z.string(),
  parentId: z.nullish(z.string()),
  view: ViewerPartSchema,
});
export type ViewerMessage = z.infer<typeof ViewerMessageSchema>;
