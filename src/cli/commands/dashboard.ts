/** `samocode dashboard`: serves the page (sessions, and the actions of their gates) on 127.0.0.1 until Ctrl-C. */
import { loadConfig } from '../../config/load-config.js';
import { startDashboard } from '../../dashboard/start-dashboard.js';
import { buildStoredActor } from '../../dashboard/stored-actions.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { readSummaryPlace } from '../../fleet/read-summary-place.js';
import { localUser } from '../../gates/local-user.js';
import { buildEnvRedactor } from '../../text/redact.js';

export interface DashboardCommandOptions {
  readonly config: string;
  readonly port?: string;
}

/** `--port`, else `SAMOCODE_DASHBOARD_PORT`; 0 or neither picks a free port. The error names the one given. */
export function parseDashboardPort(flag: string | undefined, variable: string | undefined): number {
  const [name, value] = flag === undefined ? ['SAMOCODE_DASHBOARD_PORT', variable] : ['--port', flag];
  if (value === undefined || (flag === undefined && value.trim() === '')) return 0;
  const port = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
  throw new SamocodeError(
    'dashboard.port',
    `${name} is "${value.slice(0, 60)}"; expected a port number 0–65535 (0 = any free port). ${flag === undefined ? 'Fix or unset it.' : 'Fix it, or leave it out for a free port.'}`,
  );
}

/** The shared store, loaded only when one is configured; its notices (waiting for the server) go to stderr. */
async function openSharedStore(url: string, sessionsDir: string) {
  const { openStore } = await import('../../store/open-store.js');
  return openStore({
    url,
    sessionsDir,
    onNotice: (notice) => process.stderr.write(`samocode: warning: ${notice.message}\n`),
  });
}

export async function dashboardCommand(options: DashboardCommandOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  // The flag's error names --port; SAMOCODE_DASHBOARD_PORT (environment or .samocode) is checked with the config.
  const port =
    options.port === undefined ? config.dashboardPort : parseDashboardPort(options.port, undefined);
  const opened = config.store === '' ? undefined : await openSharedStore(config.store, config.sessions);
  try {
    const dashboard = await startDashboard({
      sessionsDir: config.sessions,
      configPath: config.configPath,
      readPlace: () => readSummaryPlace(config, config.configPath),
      redact: buildEnvRedactor(config.environment),
      port,
      ...(opened
        ? {
            store: opened.store,
            act: buildStoredActor(opened, config, localUser(), (message) =>
              process.stderr.write(`samocode: warning: ${message}\n`),
            ),
          }
        : {}),
    });
    process.stderr.write(
      opened
        ? `dashboard: open ${dashboard.url} in a browser (the sessions of the shared store SAMOCODE_STORE; approve, reject, answer and grant act as ${localUser()} through the store; Ctrl-C stops it)\n`
        : `dashboard: open ${dashboard.url} in a browser (approve, reject, answer, grant and stop act as ${localUser()}; Ctrl-C stops it)\n`,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await dashboard.close();
  } finally {
    await opened?.close();
  }
  return EXIT.complete;
}
