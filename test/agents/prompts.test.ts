import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { parseFrontMatter } from '../../src/install/front-matter.js';
import { readBetweenMarkers } from '../../src/install/markers.js';
import {
  PHASE_TABLE_MARKER,
  renderPhasesDoc,
  renderPhaseTable,
  renderSignalBlock,
  SIGNAL_BLOCK_MARKER,
} from '../../src/install/phase-table.js';
import { agentFile, PHASES_DOC_FILE, WORKFLOW_FILE } from '../../src/install/spec-tables.js';
import { buildSessionPaths } from '../../src/session/paths.js';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const agentFiles = readdirSync(join(root, 'agents')).filter((name) => name.endsWith('.md'));
const skillDirs = readdirSync(join(root, 'skills'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const promptTexts = (): [string, string][] => [
  [WORKFLOW_FILE, read(WORKFLOW_FILE)],
  ...agentFiles.map((name): [string, string] => [`agents/${name}`, read(`agents/${name}`)]),
  ...skillDirs.map((name): [string, string] => [`skills/${name}`, read(`skills/${name}/SKILL.md`)]),
];

describe('workflow.md and docs/phases.md carry the registry', () => {
  it('the phase table in workflow.md is the one rendered from PHASE_REGISTRY', () => {
    expect(readBetweenMarkers(read(WORKFLOW_FILE), PHASE_TABLE_MARKER, WORKFLOW_FILE)).toBe(
      renderPhaseTable(PHASE_REGISTRY),
    );
  });

  it('docs/phases.md is exactly the rendered page', () => {
    expect(read(PHASES_DOC_FILE)).toBe(renderPhasesDoc(PHASE_REGISTRY));
  });
});

describe('phase agents', () => {
  it('every phase has the agent file its registry entry names, and there are no others', () => {
    const expected = PHASES.map((phase) => `${PHASE_REGISTRY[phase].agent}.md`).sort();
    expect([...agentFiles].sort()).toEqual(expected);
  });

  it.each(PHASES)('%s: front matter names the agent and describes it', (phase) => {
    const parsed = parseFrontMatter(read(agentFile(PHASE_REGISTRY[phase].agent)));
    expect(parsed.ok && parsed.value.name).toBe(PHASE_REGISTRY[phase].agent);
  });

  it.each(PHASES)(
    '%s: the "Signals you may write" block is the one rendered from PHASE_REGISTRY',
    (phase) => {
      const path = agentFile(PHASE_REGISTRY[phase].agent);
      expect(readBetweenMarkers(read(path), SIGNAL_BLOCK_MARKER, path)).toBe(
        renderSignalBlock(PHASE_REGISTRY, phase),
      );
    },
  );

  it.each(PHASES)('%s: the agent prompt is between 40 and 150 lines', (phase) => {
    const lines = read(agentFile(PHASE_REGISTRY[phase].agent)).split('\n').length;
    expect(lines).toBeGreaterThanOrEqual(40);
    expect(lines).toBeLessThanOrEqual(150);
  });
});

describe('skills', () => {
  it('the skill set is the one the prompts are written for', () => {
    expect(skillDirs).toEqual([
      'implementation',
      'investigation',
      'planning',
      'review',
      'summary',
      'task-definition',
      'testing',
    ]);
  });

  it.each(skillDirs)('%s: SKILL.md front matter is valid and its name is the folder name', (name) => {
    const parsed = parseFrontMatter(read(`skills/${name}/SKILL.md`));
    expect(parsed).toEqual({ ok: true, value: { name, description: expect.any(String) } });
  });

  it('every skill a prompt names exists in skills/', () => {
    const named = new Set<string>();
    for (const [, text] of promptTexts()) {
      for (const match of text.matchAll(/`([a-z][a-z0-9-]*)`\s+skill/g)) named.add(match[1] ?? '');
    }
    const missing = [...named].filter((name) => !skillDirs.includes(name));
    expect(missing).toEqual([]);
    expect(named.size).toBeGreaterThanOrEqual(6);
  });

  it('every phase agent except init names a skill that exists', () => {
    const without = PHASES.filter((phase) => phase !== 'init').filter((phase) => {
      const text = read(agentFile(PHASE_REGISTRY[phase].agent));
      const names = [...text.matchAll(/`([a-z][a-z0-9-]*)`\s+skill/g)].map((match) => match[1] ?? '');
      return !names.some((name) => skillDirs.includes(name));
    });
    expect(without).toEqual([]);
  });

  it("workflow.md's skills list is exactly skills/", () => {
    const section = read(WORKFLOW_FILE).split('## Skills')[1] ?? '';
    const listed = [...section.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((match) => match[1] ?? '').sort();
    expect(listed).toEqual(skillDirs);
  });
});

describe('session file names in the prompts are the ones samocode uses', () => {
  const paths = buildSessionPaths('/session');
  const known = new Set(
    [paths.overview, paths.signal, paths.qa, paths.history, paths.state, paths.lock, paths.sessionLog].map(
      (path) => basename(path),
    ),
  );

  it('every `_name.ext` a prompt mentions is a session file samocode knows', () => {
    const unknown: string[] = [];
    for (const [where, text] of promptTexts()) {
      for (const match of text.matchAll(/(?<![\w/])_[a-z][a-z_]*\.(?:md|json|jsonl)\b/g)) {
        if (!known.has(match[0])) unknown.push(`${where}: ${match[0]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('workflow.md names the signal and overview files; the requirements agent names the Q&A file', () => {
    const workflow = read(WORKFLOW_FILE);
    expect(workflow).toContain(`\`${basename(paths.signal)}\``);
    expect(workflow).toContain(`\`${basename(paths.overview)}\``);
    expect(read(agentFile(PHASE_REGISTRY.requirements.agent))).toContain(`\`${basename(paths.qa)}\``);
  });

  it('the Q&A answer placeholder in the requirements agent is the one the task-definition skill uses', () => {
    const placeholder = '**Answer:** _waiting_';
    expect(read(agentFile(PHASE_REGISTRY.requirements.agent))).toContain(placeholder);
    expect(read('skills/task-definition/SKILL.md')).toContain(placeholder);
  });
});
