import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import type { WorkflowEvent } from '../../../machines/events.js';
import { coverageOf, unionCoverage } from '../../../machines/graph/coverage.js';
import { abstractContext, generatePaths, traversalClasses } from '../../../machines/graph/paths.js';
import type { ProviderInput } from '../../../machines/workflow.js';
import { registryUnderTest } from '../../helpers/registry-mutations.js';
import { manualClock } from '../../helpers/workflow-harness.js';

const registry = registryUnderTest();
const started = performance.now();
const paths = generatePaths(registry, 100_000);
const elapsedMs = performance.now() - started;
const classes = traversalClasses(registry).map(({ name }) => name);

// Thousands of paths: generous per-test time for a loaded machine; no assertion is on time.
describe('generated paths', { timeout: 300_000 }, () => {
  it('cover every transition of the machine', () => {
    const parts = classes.map((name) => {
      const own = paths.filter((path) => path.className === name);
      const first = own[0];
      if (!first) throw new Error(`no paths for class ${name}`);
      return coverageOf(first.workflow, own);
    });
    const coverage = unionCoverage(parts);
    console.log(
      `transition coverage ${coverage.covered}/${coverage.total} from ${paths.length} paths over ${classes.length} classes in ${elapsedMs.toFixed(0)} ms`,
    );
    expect(coverage.missed).toEqual([]);
    expect(coverage.covered).toBe(coverage.total);
  });

  it('replay on a live actor with a fake provider and end where predicted', () => {
    const mismatches: string[] = [];
    for (const path of paths) {
      const provider = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);
      const actor = createActor(path.workflow.provide({ actors: { provider } }), {
        clock: manualClock(),
        ...(path.start ? { snapshot: path.start } : {}),
      }).start();
      for (const step of path.steps.slice(1)) actor.send(step.event as WorkflowEvent);
      const snapshot = actor.getSnapshot();
      // The prediction is the path's vertex: the state value plus the context guards read.
      const abstract = abstractContext(registry, path.settings);
      const same =
        JSON.stringify(snapshot.value) === JSON.stringify(path.state.value) &&
        JSON.stringify(abstract(snapshot)) === JSON.stringify(abstract(path.state)) &&
        snapshot.status === path.state.status;
      if (!same) {
        mismatches.push(`${path.className}: ${path.steps.map((step) => step.event.type).join(' > ')}`);
      }
      actor.stop();
    }
    expect(mismatches).toEqual([]);
    expect(paths.length).toBeGreaterThan(100);
  });
});
