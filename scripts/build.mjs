#!/usr/bin/env node
/**
 * `npm run build` (and `prepack`): bundles the CLI into dist/ with esbuild. Type checking is
 * `npm run typecheck` (tsc --noEmit); this only emits.
 *
 * - dist/src/cli/bin.js, the package's bin, and dist/chunks/: one ESM bundle of samocode and its
 *   dependencies, split at each dynamic import so a command loads only its own chunks.
 * - dist/browser/<entry>.js: the scripts of the pages samocode serves (below).
 *
 * The bundled code finds workflow.md, agents/ and skills/ by walking up from its own file
 * (src/package-root.ts), so every output stays under dist/.
 *
 * `node scripts/build.mjs [folder]` builds into another folder at the package root (the test suite
 * builds `dist-test`, so it never shares a build with the user's). The build goes to a new folder
 * beside it and is swapped in by two renames at the end, so a samocode starting during a build loads
 * a whole old build or a whole new one, never a folder being emptied and refilled for seconds.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outName = process.argv[2] ?? 'dist';
// One folder at the root: the bundle finds package.json by walking up, and its page scripts beside it.
if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(outName)) {
  process.stderr.write(`build: the output folder must be one name at the package root, got "${outName}"\n`);
  process.exit(2);
}
const target = join(root, outName);
const dist = join(root, `${outName}.building-${process.pid}`);
const BIN = join(dist, 'src/cli/bin.js');

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
 * comment. sh is there to give `run` a node flag that V8 reads only at start: a 1 MB young
 * generation semi-space instead of V8's default, which holds peak RSS lower while a provider
 * streams a gigabyte (the figures are in docs/PERFORMANCE.md). Only `run`: any V8 flag costs
 * start-up CPU (node's built-in code cache no longer matches the flags).
 * `#!/usr/bin/env -S node --flag` would need `env -S`, which BusyBox lacks.
 */
const BIN_HEADER = `#!/bin/sh
':' //; [ "$1" = run ] && exec node --max-semi-space-size=1 "$0" "$@"; exec node "$0" "$@"
`;

/**
 * Browser pages: each entry is a typed script under a `src/<area>/browser/` folder (type-checked by
 * tsconfig.browser.json, lib "dom"), bundled into one self-contained file at
 * dist/browser/<entry name>.js, which the server reads with `readBrowserBundle('<entry name>')`
 * (src/browser-bundle.ts) and inlines in its page. A new page adds its entry here.
 */
const BROWSER_ENTRIES = ['src/inspect/browser/viewer-main.ts', 'src/dashboard/browser/dashboard-main.ts'];

function buildBrowserPages() {
  return build({
    ...common,
    platform: 'browser',
    target: 'es2022',
    entryPoints: BROWSER_ENTRIES,
    outdir: join(dist, 'browser'),
    entryNames: '[name]',
    bundle: true,
    format: 'iife',
    minify: true,
  });
}

async function buildCli() {
  await build({
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outdir: dist,
    outbase: '.',
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // ws loads these optional native add-ons inside a try; they are not dependencies.
    // beautiful-mermaid (with elkjs) draws the dashboard's diagram only, loaded on demand:
    // bundling it would gain no start-up and would ship it twice (it stays a dependency).
    external: ['bufferutil', 'utf-8-validate', 'beautiful-mermaid'],
    // The CommonJS dependencies (commander, ws, dotenv, winston) call require() for node's modules.
    banner: {
      js: "import { createRequire as __samocodeCreateRequire } from 'node:module'; const require = __samocodeCreateRequire(import.meta.url);",
    },
  });
  // esbuild keeps the source's `#!/usr/bin/env node`; the published bin starts with the sh lines.
  writeFileSync(BIN, BIN_HEADER + readFileSync(BIN, 'utf8').replace(/^#!.*\n/, ''));
  chmodSync(BIN, 0o755);
}

rmSync(dist, { recursive: true, force: true });
// A failed build leaves no half folder behind (after a good one, the folder was renamed away).
process.once('exit', () => rmSync(dist, { recursive: true, force: true }));
await Promise.all([buildCli(), buildBrowserPages()]);
const old = join(root, `${outName}.old-${process.pid}`);
if (existsSync(target)) renameSync(target, old);
renameSync(dist, target);
rmSync(old, { recursive: true, force: true });
