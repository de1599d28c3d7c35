import { execFileSync } from 'node:child_process';
import { renderMermaidSVG } from 'beautiful-mermaid';
import { describe, expect, it } from 'vitest';
import { PHASES } from '../../machines/phases.js';
import { renderGraph } from '../../src/cli/commands/graph.js';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';

/** The grammar subset we emit: every line is one of these, ids are declared before edges use them. */
function checkMermaid(source: string): string[] {
  const problems: string[] = [];
  const lines = source.split('\n');
  if (lines[0] !== 'stateDiagram-v2') problems.push(`header is ${lines[0]}`);
  const declared = new Set<string>();
  let depth = 0;
  const patterns = {
    open: /^state "([^"]+)" as ([A-Za-z0-9_]+) \{$/,
    leaf: /^state "([^"]+)" as ([A-Za-z0-9_]+)$/,
    initial: /^\[\*\] --> ([A-Za-z0-9_]+)$/,
    final: /^([A-Za-z0-9_]+) --> \[\*\]$/,
    edge: /^([A-Za-z0-9_]+) --> ([A-Za-z0-9_]+): ([^:{}]+)$/,
  };
  const requireDeclared = (ids: (string | undefined)[], text: string): void => {
    for (const id of ids) if (!declared.has(id ?? '')) problems.push(`undeclared ${id} in: ${text}`);
  };
  for (const line of lines.slice(1)) {
    const text = line.trim();
    const open = patterns.open.exec(text);
    const leaf = patterns.leaf.exec(text);
    const pseudo = patterns.initial.exec(text) ?? patterns.final.exec(text);
    const edge = patterns.edge.exec(text);
    if (open) {
      declared.add(open[2] ?? '');
      depth++;
    } else if (leaf) {
      declared.add(leaf[2] ?? '');
    } else if (text === '}') {
      depth--;
    } else if (pseudo) {
      requireDeclared([pseudo[1]], text);
    } else if (edge) {
      requireDeclared([edge[1], edge[2]], text);
    } else {
      problems.push(`unexpected line: ${text}`);
    }
    if (depth < 0) problems.push('unbalanced }');
  }
  if (depth !== 0) problems.push(`unclosed blocks: ${depth}`);
  return problems;
}

describe('samocode graph', () => {
  const mermaid = renderGraph('mermaid');

  it('prints valid Mermaid stateDiagram-v2 with every phase and its sub-states', () => {
    expect(checkMermaid(mermaid)).toEqual([]);
    for (const phase of PHASES) expect(mermaid).toContain(`state "${phase}" as samocode_${phase} {`);
    expect(mermaid).toContain('samocode_planning_awaitingApproval --> samocode_implementation: approve');
  });

  it('renders to SVG showing the phases', () => {
    const svg = String(renderMermaidSVG(mermaid));
    expect(svg.startsWith('<svg')).toBe(true);
    for (const phase of PHASES) expect(svg).toContain(`>${phase}<`);
  });

  it('prints DOT and JSON too', () => {
    const dot = renderGraph('dot');
    expect(dot.startsWith('digraph samocode {')).toBe(true);
    expect(dot.trim().endsWith('}')).toBe(true);
    const json = JSON.parse(renderGraph('json')) as { transitions: unknown[]; states: unknown[] };
    expect(json.transitions.length).toBeGreaterThan(150);
  });

  it('runs from the command line', () => {
    const out = execFileSync(process.execPath, [SAMOCODE_BIN, 'graph', '--format', 'mermaid'], {
      encoding: 'utf8',
    });
    expect(out.trimEnd()).toBe(mermaid);
  });
});
