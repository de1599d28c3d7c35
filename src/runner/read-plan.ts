/** Reads what the worst-case bound needs from a session folder and builds it; writes `_plan.json`. */
import { z } from 'zod';
import { PHASES, type Phase } from '../../machines/phases.js';
import { toStateOf } from '../../machines/sub-states.js';
import type { Config } from '../config/config.js';
import { writeFileAtomic } from '../session/atomic-write.js';
import { readHistory } from '../session/history.js';
import type { SessionPaths } from '../session/paths.js';
import { readSessionState } from '../session/snapshot-store.js';
import { buildPlanReport, type PlanReport } from './plan-report.js';
import { toWorkflowSettings } from './workflow-settings.js';

const CountersSchema = z.looseObject({
  iterations: z.record(z.string(), z.number()),
  allowance: z.record(z.string(), z.number()),
});
const SpendSchema = z.looseObject({
  spend: z.looseObject({
    session: z.object({ costUsd: z.number(), tokens: z.number(), ms: z.number() }),
    isEstimated: z.boolean(),
  }),
});

/** Per-phase counters from the persisted context; a phase it does not name has spent nothing. */
function toCounters(data: z.infer<typeof CountersSchema>) {
  const perPhase = (record: Record<string, number>) =>
    Object.fromEntries(PHASES.map((phase) => [phase, record[phase] ?? 0])) as Record<Phase, number>;
  return { iterations: perPhase(data.iterations), allowance: perPhase(data.allowance) };
}

export function readPlanReport(config: Config, paths: SessionPaths): PlanReport {
  const state = readSessionState(paths.state);
  const context = state?.snapshot.context;
  const counters = CountersSchema.safeParse(context);
  const book = SpendSchema.safeParse(context);
  // The machine's spend book when the session has one; older sessions sum their history.
  const rows = book.success ? [] : readHistory(paths.history).rows;
  return buildPlanReport({
    settings: toWorkflowSettings(config, { autoApprove: false, once: false }),
    timeoutMs: config.timeoutS * 1000,
    state: (state ? toStateOf(state.snapshot.value) : undefined) ?? { phase: 'init', sub: 'running' },
    context: counters.success ? toCounters(counters.data) : undefined,
    caps: config.limits.caps,
    spent: book.success
      ? book.data.spend.session
      : {
          costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
          tokens: rows.reduce((sum, row) => sum + row.tokens.input + row.tokens.output, 0),
          ms: rows.reduce((sum, row) => sum + row.durationMs, 0),
        },
    isCostEstimated: book.success
      ? book.data.spend.isEstimated
      : rows.some((row) => row.costEstimated === true),
  });
}

/** Records the bound a run started with, next to the state it was computed from. */
export function writePlanFile(path: string, report: PlanReport): void {
  writeFileAtomic(path, `${JSON.stringify({ v: 1, time: new Date().toISOString(), ...report }, null, 1)}\n`);
}
