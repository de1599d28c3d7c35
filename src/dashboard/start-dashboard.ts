/** Builds the machine view, starts rendering its diagram in the background and serves the dashboard. */
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { buildWorkflow } from '../../machines/workflow.js';
import type { Redact } from '../text/redact.js';
import { type Dashboard, serveDashboard } from './dashboard-server.js';
import { buildMachineView } from './machine-view.js';
import { renderDiagramSvg } from './render-diagram-svg.js';

export interface StartDashboardOptions {
  readonly sessionsDir: string;
  readonly configPath: string;
  readonly redact: Redact;
  readonly port?: number;
  readonly pollMs?: number;
}

export function startDashboard(options: StartDashboardOptions): Promise<Dashboard> {
  const machine = buildMachineView(buildWorkflow(PHASE_REGISTRY));
  return serveDashboard({
    sessionsDir: options.sessionsDir,
    configPath: options.configPath,
    machine,
    diagram: renderDiagramSvg(machine.mermaid),
    redact: options.redact,
    port: options.port ?? 0,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
}
