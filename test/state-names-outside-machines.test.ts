/**
 * Nothing outside `machines/` compares a sub-state name or a wait reason: it asks the machine
 * (a tag, `isIterationOpen(state)`, `awaitedBy(state)`, …). A comparison is a `===`/`!==` or a
 * `case` with a string literal that is such a name, where the other side is typed as sub-states or
 * wait reasons, or is a plain string and the name belongs to no other vocabulary. Exhaustive tables
 * keyed by `SubState` or `WaitReason` are fine: a rename there is a type error. The type checker
 * reads src/ once; nothing is written.
 */
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { WAIT_REASONS } from '../machines/phases.js';
import { SUB_STATES } from '../machines/sub-states.js';

const root = resolve(import.meta.dirname, '..');

const NAMES: ReadonlySet<string> = new Set([...SUB_STATES, ...WAIT_REASONS, 'awaitingHuman']);
/** Names that are also words of other vocabularies (signal statuses, exit classes, attention kinds). */
const SHARED = new Set(['running', 'suspended', 'paused', 'blocked', 'failed']);

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

const literalText = (node: ts.Node): string | undefined =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;

/** The string literals a type is made of (undefined and null left out); `undefined` for a plain string. */
function literalsOf(type: ts.Type): string[] | undefined {
  const parts = type.isUnion() ? type.types : [type];
  const names: string[] = [];
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
    if (!part.isStringLiteral()) return undefined;
    names.push(part.value);
  }
  return names;
}

/** Is `name`, compared with `other`, a sub-state or a wait reason? */
function isStateComparison(checker: ts.TypeChecker, name: string, other: ts.Expression): boolean {
  if (!NAMES.has(name)) return false;
  const literals = literalsOf(checker.getTypeAtLocation(other));
  if (literals === undefined) return !SHARED.has(name);
  const within = (vocabulary: readonly string[]) =>
    literals.length > 0 && literals.every((literal) => vocabulary.includes(literal));
  return within(SUB_STATES) || within(WAIT_REASONS);
}

function findStateComparisons(program: ts.Program, files: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`not in the program: ${file}`);
    const report = (node: ts.Node, name: string) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${relative(root, file)}:${line + 1} compares '${name}'`);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
        for (const [literal, other] of [
          [node.left, node.right],
          [node.right, node.left],
        ] as const) {
          const name = literalText(literal);
          if (name !== undefined && isStateComparison(checker, name, other)) report(node, name);
        }
      }
      if (ts.isCaseClause(node)) {
        const name = literalText(node.expression);
        const switched = node.parent.parent;
        if (
          name !== undefined &&
          ts.isSwitchStatement(switched) &&
          isStateComparison(checker, name, switched.expression)
        )
          report(node, name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** A program over `rootNames` with the project's options; `extra` adds files that exist only in memory. */
function programOf(rootNames: readonly string[], extra: ReadonlyMap<string, string> = new Map()): ts.Program {
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
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (path) => extra.get(resolve(path)) ?? readFile(path);
  host.fileExists = (path) => extra.has(resolve(path)) || fileExists(path);
  host.getSourceFile = (path, language) => {
    const text = host.readFile(path);
    return text === undefined ? undefined : ts.createSourceFile(path, text, language);
  };
  return ts.createProgram({ rootNames, options: config.options, host });
}

describe('sub-state names and wait reasons stay in machines/ [slow: type-checks src/]', {
  timeout: 300_000,
}, () => {
  it('no file in src/ compares them', () => {
    const files = ts.sys
      .readDirectory(join(root, 'src'), ['.ts'])
      .filter((file) => !file.endsWith('.d.ts'))
      .map((file) => resolve(file));
    const found = findStateComparisons(programOf(files), files);
    expect(found).toEqual([]);
  });

  it('finds a comparison of a typed sub-state, a wait reason, a plain string and a case', () => {
    const probe = join(root, 'src', 'probe-comparisons.ts');
    const text = [
      "import type { StateOf } from '../machines/sub-states.js';",
      "import type { WaitReason } from '../machines/phases.js';",
      'export function probe(state: StateOf, wait: WaitReason, raw: string, kind: "blocked" | "complete"): number {',
      "  if (state.sub === 'retrying') return 1;",
      "  if ('qa_answers' !== wait) return 2;",
      "  if (raw === 'awaitingApproval') return 3;",
      "  if (raw === 'blocked' || kind === 'blocked') return 4;",
      '  switch (state.sub) {',
      "    case 'failed':",
      '      return 5;',
      '  }',
      '  return 0;',
      '}',
    ].join('\n');
    expect(findStateComparisons(programOf([probe], new Map([[probe, text]])), [probe])).toEqual([
      "src/probe-comparisons.ts:4 compares 'retrying'",
      "src/probe-comparisons.ts:5 compares 'qa_answers'",
      "src/probe-comparisons.ts:6 compares 'awaitingApproval'",
      "src/probe-comparisons.ts:9 compares 'failed'",
    ]);
  });
});
