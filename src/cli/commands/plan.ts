/** `samocode plan`: the worst case the machine allows from where the session is, before running it. */
import { z } from 'zod';
import { PHASES, type Phase } from '../../../machines/phases.js';
import { toStateOf } from '../../../machines/state-value.js';
import { loadConfig } from '../../config/load-config.js';
import { locateSession } from '../../runner/open-session.js';
import { buildPlanReport, renderPlanReport } from '../../runner/plan-report.js';
import { toWorkflowSettings } from '../../runner/workflow-settings.js';
import { readHistory } from '../../session/history.js';
import { readSessionState } from '../../session/snapshot-store.js';
import { EXIT } from '../exit-codes.js';

export interface PlanOptions {
  readonly config: string;
  readonly session: string;
  readonly json?: boolean;
  readonly maxCost?: string;
  readonly maxTokens?: string;
  readonly maxHours?: string;
  readonly timeout?: string;
}

const CountersSchema = z.looseObject({
  iterations: z.record(z.string(), z.number()),
  allowance: z.record(z.string(), z.number()),
});

export async function planCommand(options: PlanOptions): Promise<number> {
  const config = loadConfig({
    configPath: options.config,
    requireCli: false,
    flags: {
      ...(options.maxCost === undefined ? {} : { maxCost: options.maxCost }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.maxHours === undefined ? {} : { maxHours: options.maxHours }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    },
  });
  const session = locateSession(config, options.session);
  const state = readSessionState(session.paths.state);
  const rows = readHistory(session.paths.history).rows;
  const counters = CountersSchema.safeParse(state?.snapshot.context);
  const report = buildPlanReport({
    settings: toWorkflowSettings(config, false),
    timeoutMs: config.timeoutS * 1000,
    state: state ? toStateOf(state.snapshot.value) : { phase: 'init', sub: 'running' },
    context: counters.success ? toCounters(counters.data) : undefined,
    caps: config.limits.caps,
    spent: {
      costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
      tokens: rows.reduce((sum, row) => sum + row.tokens.input + row.tokens.output, 0),
      ms: rows.reduce((sum, row) => sum + row.durationMs, 0),
    },
    isCostEstimated: rows.some((row) => row.costEstimated === true),
  });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPlanReport(report));
  return EXIT.complete;
}

/** Per-phase counters from the persisted context; a phase it does not name has spent nothing. */
function toCounters(data: z.infer<typeof CountersSchema>) {
  const perPhase = (record: Record<string, number>) =>
    Object.fromEntries(PHASES.map((phase) => [phase, record[phase] ?? 0])) as Record<Phase, number>;
  return { iterations: perPhase(data.iterations), allowance: perPhase(data.allowance) };
}
