/** `samocode graph`: the session machine as a diagram. */
import { toDot, toJson, toMermaid } from '../../../machines/graph/diagram.js';
import { PHASE_REGISTRY } from '../../../machines/phases.js';
import { buildWorkflow, defaultSettings } from '../../../machines/workflow.js';
import { EXIT } from '../../exit-codes.js';

export type GraphFormat = 'mermaid' | 'dot' | 'json';

export function renderGraph(format: GraphFormat): string {
  const machine = buildWorkflow(PHASE_REGISTRY, defaultSettings(PHASE_REGISTRY));
  if (format === 'dot') return toDot(machine);
  if (format === 'json') return toJson(machine);
  return toMermaid(machine);
}

export async function graphCommand(options: { format?: GraphFormat }): Promise<number> {
  process.stdout.write(`${renderGraph(options.format ?? 'mermaid')}\n`);
  return EXIT.complete;
}
