/** Reads what the worst-case bound needs from a session folder and builds it; writes `_plan.json`. */
import { readSavedContext } from '../../machines/context.js';
import { INITIAL_STATE, toStateOf } from '../../machines/sub-states.js';
import type { Config } from '../config/config.js';
import { readPriceTable } from '../providers/prices.js';
import { writeFileAtomic } from '../session/atomic-write.js';
import { readHistory } from '../session/history.js';
import type { SessionPaths } from '../session/paths.js';
import { readSessionState } from '../session/snapshot-store.js';
import { attemptTokensOf } from './plan-cost.js';
import { buildPlanReport, type PlanReport } from './plan-report.js';
import { toWorkflowSettings } from './workflow-settings.js';

export function readPlanReport(config: Config, paths: SessionPaths): PlanReport {
  const state = readSessionState(paths.state);
  const { iterations, allowance, spend, escalation, escalatedIn } = readSavedContext(state?.snapshot.context);
  const history = readHistory(paths.history).rows;
  // The machine's spend book when the session has one; older sessions sum their history.
  const rows = spend ? [] : history;
  return buildPlanReport({
    settings: toWorkflowSettings(config, { autoApprove: false, once: false }),
    timeoutMs: config.timeoutS * 1000,
    state: (state ? toStateOf(state.snapshot.value) : undefined) ?? INITIAL_STATE,
    context:
      iterations && allowance
        ? {
            iterations,
            allowance,
            ...(escalation ? { escalation } : {}),
            ...(escalatedIn ? { escalatedIn } : {}),
          }
        : undefined,
    caps: config.limits.caps,
    spent: spend
      ? spend.session
      : {
          costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
          tokens: rows.reduce((sum, row) => sum + row.tokens.input + row.tokens.output, 0),
          ms: rows.reduce((sum, row) => sum + row.durationMs, 0),
        },
    isCostEstimated: spend ? spend.isEstimated : rows.some((row) => row.costEstimated === true),
    pricing: {
      routing: config,
      table: readPriceTable(config.limits.pricesFile),
      tokens: attemptTokensOf(history),
    },
  });
}

/** Records the bound a run started with, next to the state it was computed from. */
export function writePlanFile(path: string, report: PlanReport): void {
  writeFileAtomic(path, `${JSON.stringify({ v: 1, time: new Date().toISOString(), ...report }, null, 1)}\n`);
}
