/**
 * Regenerates the registry tables in workflow.md, agents/*.md and docs/phases.md.
 * `--check` writes nothing and exits 1 when a file is stale.
 *
 *   npx tsx scripts/write-spec-tables.ts [--check] [--root <dir>]
 *
 * `--root` points at another copy of the package (tests use a temporary one).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PHASE_REGISTRY } from '../machines/phases.js';
import { buildSpecTables, specTableSources } from '../src/install/spec-tables.js';

const rootFlag = process.argv.indexOf('--root');
const rootArg = rootFlag >= 0 ? process.argv[rootFlag + 1] : undefined;
const root = resolve(rootArg ?? resolve(import.meta.dirname, '..'));
const isCheck = process.argv.includes('--check');

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return '';
  }
};

const sources = new Map(specTableSources(PHASE_REGISTRY).map((path) => [path, readOrEmpty(path)]));
const files = buildSpecTables(PHASE_REGISTRY, sources);
const stale = files.filter((file) => readOrEmpty(file.path) !== file.text);

if (isCheck) {
  for (const file of stale) process.stderr.write(`stale: ${file.path}\n`);
  if (stale.length) {
    process.stderr.write('regenerate with: npx tsx scripts/write-spec-tables.ts\n');
    process.exit(1);
  }
  process.stdout.write(`${files.length} files up to date\n`);
} else {
  for (const file of stale) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.text);
    process.stdout.write(`wrote ${file.path}\n`);
  }
  process.stdout.write(`${files.length - stale.length} files already up to date\n`);
}
