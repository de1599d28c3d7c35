/** Checks before the first attempt: is the CLI there, and will it refuse to run as we ask? */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ProviderName } from './types.js';

export const ROOT_REFUSAL_PROBLEM =
  'claude refuses --dangerously-skip-permissions as root; set IS_SANDBOX=1 if this machine is a sandbox, or run as a normal user';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the CLI: a path (absolute or relative to `cwd`) must be an executable file; a bare name
 * is looked up on `PATH`. Returns the absolute path, or undefined.
 */
export async function resolveCliPath(
  cli: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): Promise<string | undefined> {
  if (cli.includes('/')) {
    const path = isAbsolute(cli) ? cli : resolve(cwd, cli);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(isAbsolute(dir) ? dir : resolve(cwd, dir), cli);
    if (await isExecutableFile(path)) return path;
  }
  return undefined;
}

export interface PreflightInput {
  readonly name: ProviderName;
  /** What the user configured: a bare name or a path. */
  readonly cli: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid?: number;
  readonly cwd?: string;
}

export interface PreflightResult {
  readonly cliPath?: string;
  /** Empty when all is well; each entry says what is wrong and what to do. */
  readonly problems: readonly string[];
}

/** Returns problems as data; never throws for a bad setup. */
export async function checkProvider(input: PreflightInput): Promise<PreflightResult> {
  const problems: string[] = [];
  const cliPath = await resolveCliPath(input.cli, input.env, input.cwd);
  if (cliPath === undefined) {
    problems.push(
      input.cli.includes('/')
        ? `${input.name} CLI "${input.cli}" is not an executable file; fix the path in the configuration`
        : `${input.name} CLI "${input.cli}" was not found on PATH; install it (npm install -g ${input.name === 'claude' ? '@anthropic-ai/claude-code' : '@openai/codex'}) or set its path in the configuration`,
    );
  }
  const uid = input.uid ?? process.getuid?.();
  if (input.name === 'claude' && uid === 0 && input.env.IS_SANDBOX !== '1')
    problems.push(ROOT_REFUSAL_PROBLEM);
  return cliPath === undefined ? { problems } : { cliPath, problems };
}
