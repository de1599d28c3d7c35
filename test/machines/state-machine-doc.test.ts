import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderStateMachineDoc } from '../../machines/graph/transition-table.js';
import { buildWorkflow, defaultSettings } from '../../machines/workflow.js';
import { registryUnderTest } from '../helpers/registry-mutations.js';

it('docs/state-machine.md is the machine as generated from the registry (regenerate it when this fails)', () => {
  const registry = registryUnderTest();
  const checkedIn = readFileSync(new URL('../../docs/state-machine.md', import.meta.url), 'utf8');
  expect(renderStateMachineDoc(registry, buildWorkflow(registry, defaultSettings(registry)))).toBe(checkedIn);
});
