import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  readonly file: string;
  readonly specifier: string;
  readonly isTypeOnly: boolean;
  readonly isDynamic: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
    found.push({ file, specifier: match[3] ?? '', isTypeOnly: Boolean(match[2]), isDynamic: false });
  }
  for (const match of text.matchAll(/await import\('([^']+)'\)/g)) {
    found.push({ file, specifier: match[1] ?? '', isTypeOnly: false, isDynamic: true });
  }
  return found;
}

/** The folder an import points into, relative to the repository root (or the package name). */
function targetOf(entry: Import): string {
  if (!entry.specifier.startsWith('.')) return entry.specifier;
  return relative(root, resolve(root, dirname(entry.file), entry.specifier));
}

const machineFiles = sourceFiles('machines');
const srcFiles = sourceFiles('src');

describe('import arrows point one way', () => {
  it('machines/ imports only xstate, @xstate/graph, zod and itself: no I/O, nothing from src/', () => {
    const wrong = machineFiles
      .flatMap(importsOf)
      .filter((entry) => {
        const target = targetOf(entry);
        if (entry.specifier.startsWith('.')) return !target.startsWith('machines');
        return !['xstate', '@xstate/graph', 'zod'].includes(entry.specifier);
      })
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('machines/ never reads the wall clock: the time a rule needs arrives with the event', () => {
    const clockReads = machineFiles.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          /\bDate\.now\b|\bperformance\.now\b|new Date\(\)/.test(line) ? [`${file}:${index + 1}`] : [],
        ),
    );
    expect(clockReads).toEqual([]);
  });

  it('src/ never imports scripts/ or test/, and only src/cli imports the CLI', () => {
    const wrong = srcFiles
      .flatMap(importsOf)
      .filter((entry) => {
        const target = targetOf(entry);
        if (target.startsWith('scripts') || target.startsWith('test')) return true;
        return target.startsWith('src/cli') && !entry.file.startsWith('src/cli') && !entry.isTypeOnly;
      })
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('exit codes and errors are a leaf: they import nothing but each other', () => {
    const leaf = ['src/exit-codes.ts', 'src/errors.ts'];
    const wrong = leaf
      .flatMap(importsOf)
      .filter((entry) => !leaf.includes(`${targetOf(entry).replace(/\.js$/, '')}.ts`))
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('the machine and the runner know nothing of observers’ implementations (log, notify, inspect)', () => {
    const wrong = [
      ...machineFiles,
      ...srcFiles.filter((file) => /^src\/(providers|session|runner)\//.test(file)),
    ]
      .flatMap(importsOf)
      .filter((entry) => /^src\/(log|notify|inspect)/.test(targetOf(entry)) && !entry.isTypeOnly)
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });
});

describe('browser code', () => {
  const isBrowserFile = (file: string) => /\/browser\//.test(file);

  it('a page script imports only page scripts, the wire modules it renders and zod/mini (no node)', () => {
    const wrong = srcFiles
      .filter(isBrowserFile)
      .flatMap(importsOf)
      .filter((entry) => {
        if (!entry.specifier.startsWith('.')) return entry.specifier !== 'zod/mini';
        const target = targetOf(entry);
        return !isBrowserFile(target) && !/-wire\.js$/.test(target);
      })
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('server code never imports a page script (the build bundles it; the server reads the bundle)', () => {
    const wrong = [...machineFiles, ...srcFiles.filter((file) => !isBrowserFile(file))]
      .flatMap(importsOf)
      .filter((entry) => entry.specifier.startsWith('.') && isBrowserFile(targetOf(entry)))
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });
});

describe('one way to run a process', () => {
  it('no module in src/ imports node:child_process, and only src/process/run-process.ts imports execa', () => {
    const wrong = srcFiles
      .flatMap(importsOf)
      .filter(
        (entry) =>
          ['node:child_process', 'child_process'].includes(entry.specifier) ||
          (entry.specifier === 'execa' && entry.file !== 'src/process/run-process.ts' && !entry.isTypeOnly),
      )
      .map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(wrong).toEqual([]);
  });
});

describe('start-up does almost nothing', () => {
  it('the bin statically reaches no commander, zod, xstate, execa, winston, got or ws (commands load lazily)', () => {
    const heavy = ['commander', 'zod', 'xstate', 'execa', 'winston', 'got', 'ws', '@statelyai/inspect'];
    const seen = new Set<string>();
    const reached: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const entry of importsOf(file)) {
        if (entry.isDynamic || entry.isTypeOnly) continue;
        if (!entry.specifier.startsWith('.')) {
          if (heavy.some((name) => entry.specifier === name || entry.specifier.startsWith(`${name}/`))) {
            reached.push(`${file} → ${entry.specifier}`);
          }
          continue;
        }
        visit(`${targetOf(entry).replace(/\.js$/, '')}.ts`);
      }
    };
    visit('src/cli/bin.ts');
    expect(reached).toEqual([]);
    expect(seen.size).toBeGreaterThan(2);
  });
});

describe('naming', () => {
  it('has no grab-bag modules in src/', () => {
    const grabBags = srcFiles.filter((file) => /\/(utils|helpers|common|misc)\.ts$/.test(file));
    expect(grabBags).toEqual([]);
  });

  it('files are kebab-case', () => {
    const wrong = [...machineFiles, ...srcFiles].filter(
      (file) => !/^[a-z0-9-]+\.ts$/.test(file.split('/').pop() ?? ''),
    );
    expect(wrong).toEqual([]);
  });
});
