/**
 * Mutation sweep: applies each single change to the phase registry, runs the machine test suite
 * against it, and demands a red suite. Prints `killed K/N`; exits 1 if any mutation survives.
 *
 * Usage: npx tsx scripts/mutation-sweep.ts [--jobs 2] [--filter drop-next] [--without-golden]
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  allMutations,
  describeMutation,
  MUTATION_ENV,
  type Mutation,
} from '../test/helpers/registry-mutations.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argValue = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const jobs = Number(argValue('--jobs') ?? Math.max(1, cpus().length));
const filter = argValue('--filter');
const vitest = `${root}node_modules/vitest/vitest.mjs`;

interface Verdict {
  readonly mutation: Mutation;
  readonly killed: boolean;
  readonly ms: number;
  readonly failing: string;
}

// The suite runs in two stages, fast files first; the slow path-generation file only runs while still green.
// `--without-golden` leaves out the generated-doc comparison, to show what the behavioural tests kill alone.
const withoutGolden = process.argv.includes('--without-golden')
  ? ['--exclude', 'test/machines/state-machine-doc.test.ts']
  : [];
const STAGES: readonly string[][] = [
  ['test/machines', '--exclude', 'test/machines/graph/paths.test.ts', ...withoutGolden],
  ['test/machines/graph/paths.test.ts'],
];

async function runSuite(
  mutation: Mutation | undefined,
): Promise<{ code: number; output: string; ms: number }> {
  const started = Date.now();
  let last = { code: 0, output: '' };
  for (const stage of STAGES) {
    last = await runStage(mutation, stage);
    if (last.code !== 0) break;
  }
  return { ...last, ms: Date.now() - started };
}

function runStage(
  mutation: Mutation | undefined,
  files: readonly string[],
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, [MUTATION_ENV]: mutation ? JSON.stringify(mutation) : '', NO_COLOR: '1' };
    const child = spawn(process.execPath, [vitest, 'run', ...files, '--bail=1', '--reporter=dot'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const firstFailure = (output: string): string => /FAIL\s+(\S+\.test\.ts)/.exec(output)?.[1] ?? 'suite';

async function main(): Promise<void> {
  const baseline = await runSuite(undefined);
  if (baseline.code !== 0) {
    process.stderr.write(`the machine suite fails without any mutation; fix it first:\n${baseline.output}\n`);
    process.exit(1);
  }
  const mutations = allMutations().filter(
    (mutation) => !filter || describeMutation(mutation).includes(filter),
  );
  const verdicts: Verdict[] = [];
  let next = 0;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    while (next < mutations.length) {
      const mutation = mutations[next++];
      if (!mutation) return;
      const result = await runSuite(mutation);
      const verdict = {
        mutation,
        killed: result.code !== 0,
        ms: result.ms,
        failing: firstFailure(result.output),
      };
      verdicts.push(verdict);
      process.stdout.write(
        `${verdict.killed ? 'killed  ' : 'SURVIVED'} ${describeMutation(mutation).padEnd(40)} ${verdict.killed ? `by ${verdict.failing}` : ''}\n`,
      );
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const killed = verdicts.filter((verdict) => verdict.killed).length;
  const survivors = verdicts
    .filter((verdict) => !verdict.killed)
    .map((verdict) => describeMutation(verdict.mutation));
  process.stdout.write(
    `\nkilled ${killed}/${verdicts.length} mutations in ${((Date.now() - started) / 1000).toFixed(0)} s (${jobs} jobs)\n`,
  );
  if (survivors.length > 0) {
    process.stdout.write(`survivors:\n- ${survivors.join('\n- ')}\n`);
    process.exit(1);
  }
}

await main();
