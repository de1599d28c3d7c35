/** `samocode dashboard`: serves the read-only page on 127.0.0.1 until Ctrl-C. */
import { loadConfig } from '../../config/load-config.js';
import { startDashboard } from '../../dashboard/start-dashboard.js';
import { EXIT } from '../../exit-codes.js';
import { readSummaryPlace } from '../../fleet/read-summary-place.js';
import { parseInspectPort } from '../../inspect/inspect-mode.js';
import { buildEnvRedactor } from '../../text/redact.js';

export interface DashboardCommandOptions {
  readonly config: string;
  readonly port?: string;
}

export async function dashboardCommand(options: DashboardCommandOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  const dashboard = await startDashboard({
    sessionsDir: config.sessions,
    configPath: config.configPath,
    readPlace: () => readSummaryPlace(config, config.configPath),
    redact: buildEnvRedactor(config.environment),
    port: options.port === undefined ? config.dashboardPort : parseInspectPort(options.port),
  });
  process.stderr.write(`dashboard: open ${dashboard.url} in a browser (read-only; Ctrl-C stops it)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await dashboard.close();
  return EXIT.complete;
}
