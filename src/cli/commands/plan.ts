/**
 * `samocode plan`: the worst case the machine allows from where the session is, before running it.
 * With a shared store the session is read from the store (a session it does not have yet is planned
 * as new, as a run with the store would start it), through a temporary copy of its folder.
 */
import { EXIT } from '../../exit-codes.js';
import { locateSession } from '../../runner/open-session.js';
import { renderPlanReport } from '../../runner/plan-report.js';
import { readPlanReport } from '../../runner/read-plan.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { readSharedStore, withStoredSession } from './stored-session.js';

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
  const shared = readSharedStore(options.config, options.session);
  if (shared === undefined) return printPlan(options);
  return withStoredSession(shared, options.session, (copy) =>
    printPlan({ ...options, session: copy.session }, copy.sessionsDir),
  );
}

/** `sessionsDir`: where the session's folder is read from (a stored session's copy), else SESSIONS. */
async function printPlan(options: PlanOptions, sessionsDir?: string): Promise<number> {
  // The session's settings, with this command's flags as a run would apply them (nothing is written).
  const { config } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
    ...(sessionsDir === undefined ? {} : { sessionsDir }),
    flags: {
      ...(options.maxCost === undefined ? {} : { maxCost: options.maxCost }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.maxHours === undefined ? {} : { maxHours: options.maxHours }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    },
  });
  const session = locateSession(
    sessionsDir === undefined ? config : { ...config, sessions: sessionsDir },
    options.session,
  );
  const report = readPlanReport(config, session.paths);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPlanReport(report));
  return EXIT.complete;
}
