/**
 * Writes reports/transitions.{md,json}: transition coverage of the generated paths
 * (covered/total, paths, time, missed edges) and a Mermaid diagram of the machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { coverageOf, unionCoverage } from '../machines/graph/coverage.js';
import { toMermaid } from '../machines/graph/diagram.js';
import { generatePaths, traversalClasses } from '../machines/graph/paths.js';
import { PHASE_REGISTRY } from '../machines/phases.js';
import { buildWorkflow, defaultSettings } from '../machines/workflow.js';

/** Progress on stderr, so a run of minutes shows what it is doing; the result line stays on stdout. */
const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const classes = traversalClasses(PHASE_REGISTRY).map(({ name }) => name);
say(
  `generating paths over ${classes.length} configuration classes (edge-aware shortest paths; a few minutes)…`,
);
const started = performance.now();
let lastAt = started;
const paths = generatePaths(PHASE_REGISTRY, undefined, ({ name, index, of, paths: count }) => {
  const now = performance.now();
  say(
    `  class ${index}/${of} ${name}: ${count} paths in ${seconds(now - lastAt)} (${seconds(now - started)} so far)`,
  );
  lastAt = now;
});
const generationMs = Math.round(performance.now() - started);
say(`measuring coverage of ${paths.length} paths…`);
const coverage = unionCoverage(
  classes.map((name) => {
    const own = paths.filter((path) => path.className === name);
    const first = own[0];
    if (!first) throw new Error(`no paths generated for class ${name}`);
    return coverageOf(first.workflow, own);
  }),
);
const percent = coverage.total === 0 ? 0 : (100 * coverage.covered) / coverage.total;
const perClass = Object.fromEntries(
  classes.map((name) => [name, paths.filter((path) => path.className === name).length]),
);
const machine = buildWorkflow(PHASE_REGISTRY, defaultSettings(PHASE_REGISTRY));
const mermaid = toMermaid(machine, (edgeId) => (coverage.hit.has(edgeId) ? '' : ' ✗ UNCOVERED'));

const json = {
  covered: coverage.covered,
  total: coverage.total,
  ratio: Number((coverage.covered / Math.max(1, coverage.total)).toFixed(4)),
  paths: paths.length,
  pathsPerClass: perClass,
  generationMs,
  missed: coverage.missed,
};
const markdown = `# Transition coverage: ${coverage.covered}/${coverage.total} (${percent.toFixed(1)}%)

${paths.length} generated paths over ${classes.length} configuration classes (${classes
  .map((name) => `${name}: ${perClass[name]}`)
  .join(', ')}), generated in ${generationMs} ms
(edge-aware shortest paths; context abstracted to what guards read).

## Missed transitions

${coverage.missed.length === 0 ? 'None.' : coverage.missed.map((id) => `- \`${id}\``).join('\n')}

## The machine

\`\`\`mermaid
${mermaid}
\`\`\`
`;

say('writing reports/transitions.md and reports/transitions.json…');
mkdirSync('reports', { recursive: true });
writeFileSync('reports/transitions.json', `${JSON.stringify(json, null, 2)}\n`);
writeFileSync('reports/transitions.md', markdown);
process.stdout.write(
  `transition coverage ${coverage.covered}/${coverage.total} (${percent.toFixed(1)}%), ${paths.length} paths in ${generationMs} ms → reports/transitions.md, reports/transitions.json\n`,
);
if (coverage.missed.length > 0) process.exit(1);
