/**
 * Registry mutation sweep: applies each single change to the phase registry, runs the tests that
 * read the registry under test, and demands a failing assertion. Only an `AssertionError` in
 * vitest's JSON report counts as a kill; a time-out, a thrown error, a crash or an import error is
 * an "error", rerun alone once and reported, never counted as a kill. The golden doc
 * (a snapshot of the registry that agrees with no mutant by construction) is left out.
 * Prints `killed P% (K/N)`; exits 1 on any survivor or error.
 *
 * Usage: npx tsx scripts/mutation-sweep.ts [--jobs 2] [--filter gate] [--only <test file>] [--skip 100]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  allMutations,
  describeMutation,
  MUTATION_ENV,
  type Mutation,
} from '../test/helpers/registry-mutations.js';
import { PREBUILT_ENV, TEST_BUILD_DIR } from '../test/helpers/samocode-bin.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argValue = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const jobs = Math.max(1, Number(argValue('--jobs') ?? Math.max(1, cpus().length)));
const filter = argValue('--filter');
const only = argValue('--only');
/** Leave out the first N mutants (to split a long run over machines). */
const skip = Number(argValue('--skip') ?? 0);
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

/** A snapshot of the registry kills every mutant without proving any behaviour. */
const GOLDEN = 'test/machines/state-machine-doc.test.ts';
/** The behaviour test against the hand-written SPEC §2 oracle: first, since it should kill them all. */
const ORACLE = 'test/machines/spec-contract.test.ts';
/** Slow (path generation): last. */
const SLOW = 'test/machines/graph/paths.test.ts';

/** Every test file that runs against `registryUnderTest()`, found by reading the sources. */
function registryTests(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith('.test.ts') &&
        readFileSync(path, 'utf8').includes('registryUnderTest()')
      ) {
        found.push(relative(root, path));
      }
    }
  };
  walk(join(root, 'test'));
  return found.filter((file) => file !== GOLDEN).sort();
}

// A mutant alive after a stage meets the next one; the stages together are every registry test.
const STAGES: readonly (readonly string[])[] = only
  ? [[only]]
  : [[ORACLE], registryTests().filter((file) => file !== SLOW && file !== ORACLE), [SLOW]];

// The part of vitest's JSON report the verdict reads.
const ReportSchema = z.object({
  success: z.boolean(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(
        z.object({
          status: z.string(),
          fullName: z.string(),
          failureMessages: z.array(z.string()).nullish(),
        }),
      ),
    }),
  ),
});

type Outcome = 'killed' | 'survived' | 'error';
interface StageResult {
  readonly outcome: Outcome;
  /** Files with a failing assertion. */
  readonly killers: readonly string[];
  /** Why the run is an error: the first non-assertion failure. */
  readonly problem: string;
}

const firstLine = (text: string): string => text.split('\n')[0]?.slice(0, 160) ?? '';

/** Reads one vitest run: a kill needs an AssertionError; any other failure makes it an error. */
function verdictOf(code: number, reportText: string | undefined, output: string): StageResult {
  if (reportText === undefined) {
    return {
      outcome: 'error',
      killers: [],
      problem: `no JSON report (exit ${code}): ${firstLine(output.trim())}`,
    };
  }
  const parsed = ReportSchema.safeParse(JSON.parse(reportText));
  if (!parsed.success) return { outcome: 'error', killers: [], problem: 'unreadable JSON report' };
  const killers = new Set<string>();
  const problems: string[] = [];
  for (const file of parsed.data.testResults) {
    const name = relative(root, file.name);
    for (const test of file.assertionResults) {
      if (test.status !== 'failed') continue;
      const message = test.failureMessages?.[0] ?? '';
      if (/^AssertionError\b/.test(message)) killers.add(name);
      else problems.push(`${name} › ${test.fullName}: ${firstLine(message)}`);
    }
    if (file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed')) {
      problems.push(`${name}: ${firstLine(file.message ?? 'failed outside any test')}`);
    }
  }
  if (killers.size > 0) return { outcome: 'killed', killers: [...killers], problem: '' };
  if (problems.length > 0 || code !== 0 || !parsed.data.success) {
    return { outcome: 'error', killers: [], problem: problems[0] ?? `vitest exited ${code}` };
  }
  return { outcome: 'survived', killers: [], problem: '' };
}

function runStage(
  mutation: Mutation | undefined,
  files: readonly string[],
  bail: boolean,
): Promise<StageResult> {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-sweep-'));
  const reportPath = join(dir, 'report.json');
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      [MUTATION_ENV]: mutation ? JSON.stringify(mutation) : '',
      // Built once below: parallel runs must not rebuild the test build under each other's tests.
      [PREBUILT_ENV]: '1',
      NO_COLOR: '1',
    };
    const child = spawn(
      process.execPath,
      [
        vitest,
        'run',
        ...files,
        // Threads start faster than forks; bail stops at the first failure (a rerun does not bail).
        '--pool=threads',
        // Time-outs never count as kills; a generous limit keeps a loaded machine from producing them.
        '--testTimeout=120000',
        ...(bail ? ['--bail=1'] : []),
        '--reporter=json',
        `--outputFile=${reportPath}`,
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => {
      let report: string | undefined;
      try {
        report = readFileSync(reportPath, 'utf8');
      } catch {
        report = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve(verdictOf(code ?? 1, report, output));
    });
  });
}

async function runSuite(mutation: Mutation | undefined, bail = true): Promise<StageResult & { ms: number }> {
  const started = Date.now();
  let last: StageResult = { outcome: 'survived', killers: [], problem: '' };
  for (const files of STAGES) {
    last = await runStage(mutation, files, bail);
    if (last.outcome !== 'survived') break;
  }
  return { ...last, ms: Date.now() - started };
}

interface Verdict extends StageResult {
  readonly mutation: Mutation;
  readonly rerun: boolean;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs', TEST_BUILD_DIR], { cwd: root, stdio: 'inherit' });
  process.stdout.write(`sweep files: ${STAGES.map((files) => files.join(' ')).join(' | then | ')}\n`);
  let baseline = await runSuite(undefined);
  if (baseline.outcome === 'error') baseline = await runSuite(undefined, false);
  if (baseline.outcome !== 'survived') {
    process.stderr.write(
      `the suite is not green without any mutation (${baseline.outcome}: ${baseline.problem || baseline.killers.join(', ')}); fix it first\n`,
    );
    process.exit(1);
  }
  const mutations = allMutations()
    .slice(skip)
    .filter((mutation) => !filter || describeMutation(mutation).includes(filter));
  const verdicts: Verdict[] = [];
  const report = (verdict: Verdict): void => {
    const label = { killed: 'killed  ', survived: 'SURVIVED', error: 'ERROR   ' }[verdict.outcome];
    const detail =
      verdict.outcome === 'killed'
        ? `by ${verdict.killers.join(', ')}`
        : verdict.outcome === 'error'
          ? verdict.problem
          : '';
    const rerun = verdict.rerun ? ' (rerun alone)' : '';
    process.stdout.write(`${label} ${describeMutation(verdict.mutation).padEnd(40)} ${detail}${rerun}\n`);
  };
  const started = Date.now();
  let next = 0;
  const errored: Mutation[] = [];
  const worker = async (): Promise<void> => {
    for (let mutation = mutations[next++]; mutation; mutation = mutations[next++]) {
      const result = await runSuite(mutation);
      if (result.outcome === 'error') {
        errored.push(mutation);
        continue;
      }
      const verdict = { ...result, mutation, rerun: false };
      verdicts.push(verdict);
      report(verdict);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  // An error may be the machine's load, not the mutant: rerun each alone, once.
  for (const mutation of errored) {
    const verdict = { ...(await runSuite(mutation, false)), mutation, rerun: true };
    verdicts.push(verdict);
    report(verdict);
  }
  const count = (outcome: Outcome): number =>
    verdicts.filter((verdict) => verdict.outcome === outcome).length;
  const killed = count('killed');
  const byOracle = verdicts.filter((verdict) => verdict.killers.includes(ORACLE)).length;
  const percent = verdicts.length === 0 ? 0 : Math.floor((100 * killed) / verdicts.length);
  process.stdout.write(
    `\nkilled ${percent}% (${killed}/${verdicts.length} mutants; ${count('survived')} survived, ${count('error')} errors, ${errored.length} rerun alone; the SPEC oracle alone killed ${byOracle}) in ${((Date.now() - started) / 1000).toFixed(0)} s (${jobs} jobs)\n`,
  );
  const left = verdicts.filter((verdict) => verdict.outcome !== 'killed');
  if (left.length > 0) {
    process.stdout.write(
      `not killed:\n- ${left.map((verdict) => `${verdict.outcome} ${describeMutation(verdict.mutation)}`).join('\n- ')}\n`,
    );
    process.exit(1);
  }
}

await main();
