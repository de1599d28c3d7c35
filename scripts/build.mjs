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
 */
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

/** Node ≥ 20.19 (package.json engines). */
const common = {
  absWorkingDir: root,
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
};

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/bin.cts'],
    outfile: 'dist/src/cli/bin.cjs',
    format: 'cjs',
  }),
  build({
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outdir: 'dist',
    outbase: '.',
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // ws loads these optional native add-ons inside a try; they are not dependencies.
    external: ['bufferutil', 'utf-8-validate'],
    // The CommonJS dependencies (commander, ws, dotenv) call require() for node's modules.
    banner: {
      js: "import { createRequire as __samocodeCreateRequire } from 'node:module'; const require = __samocodeCreateRequire(import.meta.url);",
    },
  }),
]);
chmodSync(join(dist, 'src/cli/bin.cjs'), 0o755);
