/** `samocode plan`: the worst case the machine allows from where the session is, before running it. */
import { loadConfig } from '../../config/load-config.js';
import { EXIT } from '../../exit-codes.js';
import { locateSession } from '../../runner/open-session.js';
import { renderPlanReport } from '../../runner/plan-report.js';
import { readPlanReport } from '../../runner/read-plan.js';

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
  const report = readPlanReport(config, session.paths);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPlanReport(report));
  return EXIT.complete;
}
