/**
 * The run flags a queued request carries, as plain JSON: `submit` keeps the ones it was given, and
 * `serve` reads them back with zod for the run it starts (what a run does not take is left out).
 */
import * as z from 'zod';

export const RunFlagsSchema = z.object({
  dive: z.string().optional(),
  task: z.string().optional(),
  timeout: z.string().optional(),
  provider: z.string().optional(),
  fallbackProvider: z.string().optional(),
  model: z.string().optional(),
  phaseModel: z.array(z.string()).optional(),
  fallbackPhaseModel: z.array(z.string()).optional(),
  escalateModel: z.string().optional(),
  once: z.boolean().optional(),
  autoApprove: z.boolean().optional(),
  verify: z.string().optional(),
  push: z.boolean().optional(),
  maxCost: z.string().optional(),
  maxTokens: z.string().optional(),
  maxHours: z.string().optional(),
  set: z.array(z.string()).optional(),
  grant: z.string().optional(),
});
export type RunFlags = z.infer<typeof RunFlagsSchema>;

/** The run flags among a command's options (commander leaves unset ones undefined; the rest is dropped). */
export function pickRunFlags(options: Readonly<Record<string, unknown>>): RunFlags {
  return RunFlagsSchema.parse(
    Object.fromEntries(
      Object.entries(options).filter(([key, value]) => key in RunFlagsSchema.shape && value !== undefined),
    ),
  );
}

/** A queued request's flags, read back; a flag that does not parse is left out. */
export function readRequestFlags(args: unknown): RunFlags {
  const object = z.record(z.string(), z.unknown()).safeParse(args);
  if (!object.success) return {};
  const kept = Object.entries(object.data).filter(
    ([key, value]) => key in RunFlagsSchema.shape && RunFlagsSchema.safeParse({ [key]: value }).success,
  );
  return pickRunFlags(Object.fromEntries(kept));
}
