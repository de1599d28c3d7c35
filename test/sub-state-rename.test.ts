/**
 * A type-level test: renaming a sub-state in the machine (consistently, everywhere in
 * `machines/`) must fail the type check in the runtime files that give each sub-state a
 * meaning, so no consumer silently falls back to a default (as exit codes once did).
 * It type-checks src/ in memory with the rename applied; nothing is written.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
// Parsed files shared by both type checks (the libraries are most of the work).
const parsed = new Map<string, { text: string; file: ts.SourceFile }>();

function filesWithErrorsAfter(rename: (path: string, text: string) => string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json did not parse');
  const roots = config.fileNames.filter((file) => relative(root, file).startsWith(`src${sep}`));
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => {
    const text = readFile(path);
    return text === undefined ? undefined : rename(relative(root, path), text);
  };
  host.getSourceFile = (path, language) => {
    const text = host.readFile(path);
    if (text === undefined) return undefined;
    const known = parsed.get(path);
    if (known?.text === text) return known.file;
    const file = ts.createSourceFile(path, text, language);
    parsed.set(path, { text, file });
    return file;
  };
  const program = ts.createProgram({ rootNames: roots, options: config.options, host });
  const files = ts
    .getPreEmitDiagnostics(program)
    .flatMap((diagnostic) => (diagnostic.file ? [relative(root, diagnostic.file.fileName)] : []));
  return [...new Set(files)].sort();
}

const inMachines = (path: string) => path.startsWith(`machines${sep}`);

describe('the sub-state vocabulary is typed [slow: type-checks src/ three times]', {
  timeout: 600_000,
}, () => {
  it('the unchanged tree type-checks (the harness itself is sound)', () => {
    expect(filesWithErrorsAfter((_, text) => text)).toEqual([]);
  });

  it('renaming awaitingAnswers in machines/ breaks every consumer that gives it a meaning', () => {
    expect(readFileSync(join(root, 'machines', 'sub-states.ts'), 'utf8')).toContain("'awaitingAnswers'");
    const broken = filesWithErrorsAfter((path, text) =>
      inMachines(path) ? text.replaceAll('awaitingAnswers', 'awaitingReplies') : text,
    );
    // What a state means is asked of machines/state-meaning.ts (renamed with the rest of machines/);
    // the overview's Blocked line is the one table outside it keyed by sub-state.
    expect(broken).toEqual([join('src', 'runner', 'overview-status.ts')]);
    expect(broken.filter(inMachines)).toEqual([]);
  });

  it('renaming the wait reason qa_answers in machines/ breaks every consumer that gives it a meaning', () => {
    const broken = filesWithErrorsAfter((path, text) =>
      inMachines(path) ? text.replaceAll('qa_answers', 'qa_replies') : text,
    );
    // The demos' scripted waits and the agents' phase table name it; what it means is machines/'.
    expect(broken).toEqual([
      join('src', 'demo', 'demo-phases.ts'),
      join('src', 'demo', 'repo-phases.ts'),
      join('src', 'install', 'phase-table.ts'),
    ]);
    expect(broken.filter(inMachines)).toEqual([]);
  });
});
