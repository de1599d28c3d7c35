import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASE_REGISTRY, type PhaseRegistry } from '../../machines/phases.js';
import { readBetweenMarkers } from '../../src/install/markers.js';
import { renderSignalBlock, SIGNAL_BLOCK_MARKER } from '../../src/install/phase-table.js';
import { agentFile, buildSpecTables, specTableSources } from '../../src/install/spec-tables.js';
import { allMutations, applyMutation, describeMutation } from '../helpers/registry-mutations.js';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const checkedIn = new Map(specTableSources(PHASE_REGISTRY).map((path) => [path, read(path)]));

/** The generated files that would change if the prompts were regenerated from `registry`. */
function staleFiles(registry: PhaseRegistry): string[] {
  return buildSpecTables(registry, checkedIn)
    .filter((file) => file.text !== read(file.path))
    .map((file) => file.path);
}

describe('the checked-in prompts go stale when the registry changes', () => {
  it('nothing is stale against the real registry', () => {
    expect(staleFiles(PHASE_REGISTRY)).toEqual([]);
  });

  it("dropping testing → done makes testing-agent.md's block, workflow.md and docs/phases.md stale", () => {
    const mutated: PhaseRegistry = {
      ...PHASE_REGISTRY,
      testing: { ...PHASE_REGISTRY.testing, next: ['quality'] },
    };
    expect(staleFiles(mutated)).toEqual(['workflow.md', 'agents/testing-agent.md', 'docs/phases.md']);
    const path = agentFile(PHASE_REGISTRY.testing.agent);
    const block = readBetweenMarkers(read(path), SIGNAL_BLOCK_MARKER, path);
    expect(block).toContain('- `{"status":"continue","phase":"done"}`: move on to `done`.');
    expect(renderSignalBlock(mutated, 'testing')).not.toContain('"phase":"done"');
  });

  it('every single registry mutation makes at least one checked-in file stale', () => {
    const survivors = allMutations()
      .filter((mutation) => staleFiles(applyMutation(PHASE_REGISTRY, mutation)).length === 0)
      .map(describeMutation);
    expect(survivors).toEqual([]);
  });
});

describe('scripts/write-spec-tables.ts', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('--check exits 1 naming a stale file; a plain run repairs it; --check then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samocode-spec-tables-'));
    dirs.push(dir);
    cpSync(join(root, 'workflow.md'), join(dir, 'workflow.md'));
    cpSync(join(root, 'agents'), join(dir, 'agents'), { recursive: true });
    const path = join(dir, 'agents/done-agent.md');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('Budget: at most 3 iterations', 'Budget: at most 9 iterations'));
    const script = join(root, 'scripts/write-spec-tables.ts');
    const tsx = join(root, 'node_modules/.bin/tsx');

    const stale = await execa(tsx, [script, '--check', '--root', dir], { reject: false });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('stale: agents/done-agent.md');
    expect(stale.stderr).toContain('stale: docs/phases.md');

    const write = await execa(tsx, [script, '--root', dir], { reject: false });
    expect(write.exitCode).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(original);
    expect(readFileSync(join(dir, 'docs/phases.md'), 'utf8')).toBe(read('docs/phases.md'));

    const fresh = await execa(tsx, [script, '--check', '--root', dir], { reject: false });
    expect(fresh.exitCode).toBe(0);
    expect(fresh.stdout).toBe('10 files up to date');
  });
});
