/** Writes docs/state-machine.md from the registry; `--check` exits 1 when the file is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderStateMachineDoc } from '../machines/graph/transition-table.js';
import { PHASE_REGISTRY } from '../machines/phases.js';
import { buildWorkflow, defaultSettings } from '../machines/workflow.js';

const path = new URL('../docs/state-machine.md', import.meta.url);
const fresh = renderStateMachineDoc(
  PHASE_REGISTRY,
  buildWorkflow(PHASE_REGISTRY, defaultSettings(PHASE_REGISTRY)),
);
if (process.argv.includes('--check')) {
  const current = readFileSync(path, 'utf8');
  if (current !== fresh) {
    process.stderr.write('docs/state-machine.md is stale: run npx tsx scripts/write-state-machine-doc.ts\n');
    process.exit(1);
  }
} else {
  writeFileSync(path, fresh);
  process.stdout.write('wrote docs/state-machine.md\n');
}
