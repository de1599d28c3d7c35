/**
 * Where samocode's own CPU goes, per part, from a `perf` profile (on-CPU samples, so load does not
 * inflate it the way `--cpu-prof`'s wall-clock sampling does). Prints figures, asserts nothing.
 *
 *   perf record -e cpu-clock -F 1999 -g -o perf.data node --perf-basic-prof dist/src/cli/bin.js run …
 *   perf script -i perf.data --pid <samocode's pid> -F tid,ip,sym > stacks.txt
 *   npx tsx scripts/bench/perf-parts.ts stacks.txt 104 1999
 *
 * A sample goes to the first rule that matches its stack (leaf to root); JS frames are named by
 * `--perf-basic-prof`, and a sample under samocode's code goes to the innermost samocode module.
 */
import { readFileSync } from 'node:fs';

const [file, iterationsArg = '104', hzArg = '1999'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: npx tsx scripts/bench/perf-parts.ts <perf script output> [iterations] [Hz]\n');
  process.exit(2);
}
const iterations = Number(iterationsArg);
const msPerSample = 1000 / Number(hzArg);

const OURS = /file:\/\/\S*\/dist\/((?:src|machines)\/\S+?):\d+:\d+/;
const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ['start-up: exec and dynamic linking', /execve|load_elf_binary|_dl_start|dl_main/],
  [
    'garbage collection',
    /Scavenger|ScavengeJob|MarkCompact|Heap::CollectGarbage|ConcurrentMarking|Sweeper|Unmapper/,
  ],
  ['JIT: TurboFan on background threads', /PipelineCompilationJob|OptimizingCompileDispatcher/],
  ['fork of samocode for a child (page tables)', /__libc_fork|_Fork|uv_spawn|copy_page_range|dup_mmap/],
  ['copy-on-write faults after a fork', /do_wp_page|wp_page_copy/],
];

const parts = new Map<string, number>();
let total = 0;
for (const block of readFileSync(file, 'utf8').split('\n\n')) {
  const frames = block
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^[0-9a-f]+ /, ''))
    .filter((line) => line !== '');
  if (frames.length === 0) continue;
  total += 1;
  const ours = frames.map((frame) => OURS.exec(frame)?.[1]).find((name) => name !== undefined);
  const rule = RULES.find(([, pattern]) => frames.some((frame) => pattern.test(frame)));
  const compiling = frames.some((frame) =>
    /Compiler::|Parser::|CompileLazy|SourceTextModule|ModuleWrap/.test(frame),
  );
  const dependency = frames.map((frame) => PACKAGE.exec(frame)?.[1]).find((name) => name !== undefined);
  const part =
    rule?.[0] ??
    ours ??
    (dependency === undefined ? undefined : `package ${dependency} (no samocode frame on the stack)`) ??
    (compiling ? 'module loading and compiling' : undefined) ??
    (frames.some((frame) => /uv_run|uv__io_poll|epoll|SpinEventLoop|InternalCallbackScope/.test(frame))
      ? 'event loop, callbacks and microtasks (node, libuv)'
      : `other native: ${(frames[0] ?? '').slice(0, 40)}`);
  parts.set(part, (parts.get(part) ?? 0) + 1);
}

const perIteration = (samples: number) => (samples * msPerSample) / iterations;
process.stdout.write(
  `${total} samples = ${(total * msPerSample).toFixed(0)} ms CPU = ${perIteration(total).toFixed(1)} ms per iteration\n`,
);
for (const [part, samples] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  process.stdout.write(
    `${perIteration(samples).toFixed(2).padStart(7)} ms ${((100 * samples) / total).toFixed(1).padStart(5)}%  ${part}\n`,
  );
}
