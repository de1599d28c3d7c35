/**
 * Which checked-in files carry generated registry tables, and what they should contain.
 * Pure: the script reads the files, calls `buildSpecTables`, then writes or compares.
 */
import { PHASES, type PhaseRegistry } from '../../machines/phases.js';
import { replaceBetweenMarkers } from './markers.js';
import {
  PHASE_TABLE_MARKER,
  renderPhasesDoc,
  renderPhaseTable,
  renderSignalBlock,
  SIGNAL_BLOCK_MARKER,
} from './phase-table.js';

export const WORKFLOW_FILE = 'workflow.md';
export const PHASES_DOC_FILE = 'docs/phases.md';
export const AGENTS_DIR = 'agents';
export const SKILLS_DIR = 'skills';

export interface GeneratedFile {
  /** Relative to the package root. */
  readonly path: string;
  readonly text: string;
}

export function agentFile(agent: string): string {
  return `${AGENTS_DIR}/${agent}.md`;
}

/** The files a regeneration reads (the docs page is written whole, so it is not read). */
export function specTableSources(registry: PhaseRegistry): string[] {
  return [WORKFLOW_FILE, ...PHASES.map((phase) => agentFile(registry[phase].agent))];
}

/**
 * The regenerated contents of every file with a registry table.
 * `sources` maps each path of `specTableSources` to its current text.
 */
export function buildSpecTables(
  registry: PhaseRegistry,
  sources: ReadonlyMap<string, string>,
): GeneratedFile[] {
  const textOf = (path: string): string => {
    const text = sources.get(path);
    if (text === undefined) throw new Error(`buildSpecTables: no text given for ${path}`);
    return text;
  };
  const workflow = {
    path: WORKFLOW_FILE,
    text: replaceBetweenMarkers(
      textOf(WORKFLOW_FILE),
      PHASE_TABLE_MARKER,
      renderPhaseTable(registry),
      WORKFLOW_FILE,
    ),
  };
  const agents = PHASES.map((phase) => {
    const path = agentFile(registry[phase].agent);
    return {
      path,
      text: replaceBetweenMarkers(
        textOf(path),
        SIGNAL_BLOCK_MARKER,
        renderSignalBlock(registry, phase),
        path,
      ),
    };
  });
  return [workflow, ...agents, { path: PHASES_DOC_FILE, text: renderPhasesDoc(registry) }];
}
