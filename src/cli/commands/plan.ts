/** `samocode plan`: the worst case the machine allows from where the session is, before running it. */
import { EXIT } from '../../exit-codes.js';
import { locateSession } from '../../runner/open-session.js';
import { renderPlanReport } from '../../runner/plan-report.js';
import { readPlanReport } from '../../runner/read-plan.js';
import { loadSessionConfig } from '../../runner/session-config.js';

export interface PlanOptions {
  readonly config: string;
  readonly session: string;
  readonly json?: boolean;
  readonly maxCost?: string;
  readonly maxTokens?: string;
  readonly maxHours?: string;
  readonly timeout?: string;
}

export async function planCommand(options: PlanOptions): Promise<number> {
  // The session's settings, with this command's flags as a run would apply them (nothing is written).
  const { config } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
    flags: {
      ...(options.maxCost === undefined ? {} : { maxCost: options.maxCost }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.maxHours === undefined ? {} : { maxHours: options.maxHours }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    },
  });
  const session = locateSession(config, options.session);
  const report = readPlanReport(config, session.paths);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPlanReport(report));
  return EXIT.complete;
}
