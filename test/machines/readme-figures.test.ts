/**
 * The machine's figures the README quotes, against the machine itself: its transitions, the
 * configuration classes the generated paths cover them with, and the registry mutations the sweep
 * applies. A change to the machine that moves one fails here until the README says it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { allEdges } from '../../machines/graph/edges.js';
import { traversalClasses } from '../../machines/graph/paths.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { buildWorkflow } from '../../machines/workflow.js';
import { allMutations } from '../helpers/registry-mutations.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

it('README quotes the transition count, the configuration classes and the mutation count as they are', () => {
  const transitions = allEdges(buildWorkflow(PHASE_REGISTRY)).size;
  expect(readme).toContain(`every** transition of the machine (${transitions}/${transitions};`);
  expect(readme).toContain(
    `shortest paths over ${traversalClasses(PHASE_REGISTRY).length} configuration classes`,
  );
  expect(readme).toContain(`every single change to the registry (${allMutations().length}: drop or add`);
});
