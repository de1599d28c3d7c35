/**
 * Builds the machine view, starts rendering its diagram in the background and serves the
 * dashboard, whose actions decide as the local user through the CLI's own path (for a shared
 * store's sessions, the store's: `stored-actions.ts`).
 */
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { buildWorkflow } from '../../machines/workflow.js';
import type { SummaryPlace } from '../fleet/session-summary.js';
import { localUser } from '../gates/local-user.js';
import type { SessionStore } from '../store/session-store.js';
import type { Redact } from '../text/redact.js';
import { DEFAULT_VIEW_SETTINGS } from '../view/view-settings.js';
import { type ActOnSession, buildSessionActor } from './dashboard-actions.js';
import { type Dashboard, serveDashboard } from './dashboard-server.js';
import { buildMachineView } from './machine-view.js';
import { readPageScript } from './read-page-script.js';
import { renderDiagramSvg } from './render-diagram-svg.js';
import { storedSessionSource } from './session-source.js';

export interface StartDashboardOptions {
  readonly sessionsDir: string;
  readonly configPath: string;
  readonly redact: Redact;
  /** Reads the project's settings and worktrees per request; by default the defaults, without worktrees. */
  readonly readPlace?: () => SummaryPlace;
  readonly port?: number;
  readonly pollMs?: number;
  /** A shared store (`SAMOCODE_STORE`): the sessions are read from it. */
  readonly store?: SessionStore;
  /** What the buttons do; by default they decide through this machine's session folders. */
  readonly act?: ActOnSession;
}

export function startDashboard(options: StartDashboardOptions): Promise<Dashboard> {
  const machine = buildMachineView(buildWorkflow(PHASE_REGISTRY));
  const readPlace =
    options.readPlace ??
    (() => ({
      configPath: options.configPath,
      settings: DEFAULT_VIEW_SETTINGS,
      branchPrefix: '',
      now: Date.now(),
    }));
  return serveDashboard({
    sessionsDir: options.sessionsDir,
    ...(options.store ? { source: storedSessionSource(options.store, options.sessionsDir) } : {}),
    readPlace,
    pageScript: readPageScript(),
    machine,
    diagram: renderDiagramSvg(machine.mermaid),
    redact: options.redact,
    port: options.port ?? 0,
    act: options.act ?? buildSessionActor(options.configPath, localUser()),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
}
