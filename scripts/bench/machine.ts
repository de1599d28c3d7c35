/** (a) The machine: time to generate all paths and the transition coverage they reach. */
import { coverageOf, unionCoverage } from '../../machines/graph/coverage.js';
import { generatePaths, traversalClasses } from '../../machines/graph/paths.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';

export interface MachineFigures {
  readonly generationMs: number;
  readonly coverageMs: number;
  readonly paths: number;
  readonly covered: number;
  readonly total: number;
}

export function benchMachine(): MachineFigures {
  const started = performance.now();
  const paths = generatePaths(PHASE_REGISTRY);
  const generationMs = performance.now() - started;
  const coverageStarted = performance.now();
  const coverage = unionCoverage(
    traversalClasses(PHASE_REGISTRY).map(({ name }) => {
      const own = paths.filter((path) => path.className === name);
      const first = own[0];
      if (!first) throw new Error(`no paths generated for class ${name}`);
      return coverageOf(first.workflow, own);
    }),
  );
  return {
    generationMs,
    coverageMs: performance.now() - coverageStarted,
    paths: paths.length,
    covered: coverage.covered,
    total: coverage.total,
  };
}
