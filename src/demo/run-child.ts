/**
 * Runs `samocode run` as a child process, the way a user would. From the built package that is
 * `node dist/src/cli/bin.js`; from the sources (tests, `tsx`) it is `node --import tsx src/cli/bin.ts`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runProcess } from '../process/run-process.js';

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
  return fileURLToPath(new URL('../src/cli/bin.js', moduleUrl));
}

/** The node argv that starts samocode's bin: `builtBin` (default `dist/`'s), or the sources. Pure. */
export function samocodeInvocation(
  packageRoot: string,
  fromSources: boolean,
  runArgs: readonly string[],
  builtBin: string = join(packageRoot, 'dist/src/cli/bin.js'),
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

/** The runner stops its session on SIGTERM (a provider's own kill grace included) before this runs out. */
const CHILD_KILL_GRACE_MS = 30_000;

export async function runSamocodeChild(
  invocation: RunInvocation,
  options: {
    readonly cwd: string;
    readonly env: Record<string, string>;
    readonly echo: boolean;
    readonly timeoutMs: number;
    /** Ctrl-C: the runner gets SIGTERM, stops its session and exits 130. */
    readonly signal?: AbortSignal;
  },
): Promise<ChildRun> {
  if (!existsSync(invocation.entry)) {
    return {
      exitCode: 1,
      output: `samocode demo: cannot find ${invocation.entry}; run \`npm run build\` first\n`,
    };
  }
  const output: Buffer[] = [];
  const result = await runProcess({
    file: invocation.file,
    args: invocation.args,
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs,
    killGraceMs: CHILD_KILL_GRACE_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    onOutput: (stream, chunk) => {
      output.push(chunk);
      if (options.echo) (stream === 'stdout' ? process.stdout : process.stderr).write(chunk);
      return undefined;
    },
  });
  const text = Buffer.concat(output).toString('utf8');
  if (result.startError)
    return { exitCode: 1, output: `${text}samocode demo: ${result.startError.message}\n` };
  return { exitCode: result.exitCode ?? 1, output: text };
}
