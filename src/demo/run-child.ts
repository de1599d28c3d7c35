/**
 * Runs `samocode run` as a child process, the way a user would. From the built package that is
 * `node dist/src/cli/bin.cjs`; from the sources (tests, `tsx`) it is `node --import tsx src/cli/bin.ts`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';

export interface RunInvocation {
  readonly file: string;
  readonly args: string[];
  /** samocode's bin script (must exist). */
  readonly entry: string;
}

/**
 * The bin of the build this module runs from: a bundle's chunks sit in `<build>/chunks/`, its bin
 * in `<build>/src/cli/`, so `samocode demo` from the test build (`dist-test/`) starts that build's
 * `run`, not the one in `dist/`. Pure.
 */
export function builtBinBeside(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL('../src/cli/bin.cjs', moduleUrl));
}

/** The node argv that starts samocode's bin: `builtBin` (default `dist/`'s), or the sources. Pure. */
export function samocodeInvocation(
  packageRoot: string,
  fromSources: boolean,
  runArgs: readonly string[],
  builtBin: string = join(packageRoot, 'dist/src/cli/bin.cjs'),
): RunInvocation {
  if (!fromSources) return { file: process.execPath, args: [builtBin, ...runArgs], entry: builtBin };
  const loader = pathToFileURL(join(packageRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  const entry = join(packageRoot, 'src/cli/bin.ts');
  return { file: process.execPath, args: ['--import', loader, entry, ...runArgs], entry };
}

/** True when this module runs from TypeScript sources rather than `dist/`. */
export function runningFromSources(moduleUrl: string = import.meta.url): boolean {
  return moduleUrl.endsWith('.ts');
}

export interface ChildRun {
  readonly exitCode: number;
  readonly output: string;
}

export async function runSamocodeChild(
  invocation: RunInvocation,
  options: {
    readonly cwd: string;
    readonly env: Record<string, string>;
    readonly echo: boolean;
    readonly timeoutMs: number;
  },
): Promise<ChildRun> {
  if (!existsSync(invocation.entry)) {
    return {
      exitCode: 1,
      output: `samocode demo: cannot find ${invocation.entry}; run \`npm run build\` first\n`,
    };
  }
  const child = execa(invocation.file, invocation.args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'ignore',
    all: true,
    reject: false,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 5_000,
  });
  if (options.echo) {
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  }
  const result = await child;
  return { exitCode: result.exitCode ?? 1, output: String(result.all ?? '') };
}
