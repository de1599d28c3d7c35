#!/usr/bin/env node
/**
 * `npm run build` (and `prepack`): bundles the CLI into dist/ with esbuild. Type checking is
 * `npm run typecheck` (tsc --noEmit); this only emits.
 *
 * - dist/src/cli/bin.cjs, the package's bin: CommonJS, so `--version` answers before node sets
 *   up its ESM loader; every other command imports the ESM entry beside it.
 * - dist/src/cli/bin.js, the ESM entry, and dist/chunks/: one bundle of samocode and its
 *   dependencies, split at each dynamic import so a command loads only its own chunks. One file
 *   per chunk instead of zod's ≈ 95 modules and the rest costs less start-up CPU and RSS.
 *
 * The bundled code finds workflow.md, agents/ and skills/ by walking up from its own file
 * (src/package-root.ts), so every output stays under dist/.
 *
 * `node scripts/build.mjs [folder]` builds into another folder at the package root (the test suite
 * builds `dist-test`, so it never shares a build with the user's). The build goes to a new folder
 * beside it and is swapped in by two renames at the end, so a samocode starting during a build loads
 * a whole old build or a whole new one, never a folder being emptied and refilled for seconds.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outName = process.argv[2] ?? 'dist';
// One folder at the root: the bin finds package.json three levels up from <folder>/src/cli/.
if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(outName)) {
  process.stderr.write(`build: the output folder must be one name at the package root, got "${outName}"\n`);
  process.exit(2);
}
const target = join(root, outName);
const dist = join(root, `${outName}.building-${process.pid}`);

/** Node ≥ 20.19 (package.json engines). */
const common = {
  absWorkingDir: root,
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
};

/**
 * The bin's first lines, read by sh and by node: sh runs the second line (`':'` is a no-op, then it
 * execs node on this same file, same pid), node skips the `#!` line and reads a string and a
 * comment. sh is there to give `run` a node flag: a 1 MB young-generation semi-space instead of up
 * to 16 MB, which V8 reads only at start. It keeps peak RSS under 64 MB while a provider streams a
 * gigabyte, for no measurable CPU per iteration. Only `run`: any V8 flag costs ≈ 15 ms of start-up
 * CPU (node's built-in code cache no longer matches the flags), which `--version` and `status`
 * should not pay. `#!/usr/bin/env -S node --flag` would need `env -S`, which BusyBox lacks.
 */
const BIN_HEADER = `#!/bin/sh
':' //; [ "$1" = run ] && exec node --max-semi-space-size=1 "$0" "$@"; exec node "$0" "$@"
`;

async function buildBin() {
  const result = await build({
    ...common,
    entryPoints: ['src/cli/bin.cts'],
    outfile: join(dist, 'src/cli/bin.cjs'),
    format: 'cjs',
    bundle: true,
    external: ['./bin.js'],
    write: false,
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no bin');
  const file = join(dist, 'src/cli/bin.cjs');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, BIN_HEADER + output.text.replace(/^#!.*\n/, ''), { mode: 0o755 });
}

rmSync(dist, { recursive: true, force: true });
// A failed build leaves no half folder behind (after a good one, the folder was renamed away).
process.once('exit', () => rmSync(dist, { recursive: true, force: true }));
await Promise.all([
  buildBin(),
  build({
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outdir: dist,
    outbase: '.',
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // ws loads these optional native add-ons inside a try; they are not dependencies.
    // beautiful-mermaid (with elkjs, 3.5 MB) draws the dashboard's diagram only, loaded on demand:
    // bundling it would gain no start-up and would ship it twice (it stays a dependency).
    external: ['bufferutil', 'utf-8-validate', 'beautiful-mermaid'],
    // The CommonJS dependencies (commander, ws, dotenv) call require() for node's modules.
    banner: {
      js: "import { createRequire as __samocodeCreateRequire } from 'node:module'; const require = __samocodeCreateRequire(import.meta.url);",
    },
  }),
]);
const old = join(root, `${outName}.old-${process.pid}`);
if (existsSync(target)) renameSync(target, old);
renameSync(dist, target);
rmSync(old, { recursive: true, force: true });
