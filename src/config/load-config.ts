/** Reads every configuration source from disk and resolves them, or throws `config.invalid`. */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { SamocodeError } from '../errors.js';
import type { Config, ConfigFlags, ConfigIssue, ConfigResult, ConfigSources, PathProbe } from './config.js';
import { readDotenvFiles } from './dotenv-files.js';
import { renderConfigIssues, resolveConfig } from './resolve-config.js';
import { expandHome, readSamocodeFile } from './samocode-file.js';
import type { VariableName } from './schema.js';

export interface LoadConfigOptions {
  readonly configPath: string;
  readonly flags?: ConfigFlags;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Default true; commands that never spawn the provider pass false. */
  readonly requireCli?: boolean;
  /** Where `.samocode` warnings (unknown keys) go; default stderr. */
  readonly warn?: (message: string) => void;
}

const warnOnStderr = (message: string) => process.stderr.write(`samocode: warning: ${message}\n`);

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function buildPathProbe(pathVariable: string | undefined): PathProbe {
  return {
    isDirectory,
    isExecutableFile,
    which: (name) =>
      (pathVariable ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, name))
        .find(isExecutableFile),
  };
}

/** Every source but `.samocode`'s values: flags, the environment, `.env` files (next to `.samocode` and in the cwd). */
function readOtherSources(
  options: LoadConfigOptions,
  configPath: string,
  fileValues: Readonly<Record<string, string>>,
): ConfigSources {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const dotenvPaths = [join(dirname(configPath), '.env'), join(cwd, '.env')];
  return {
    configPath,
    file: fileValues,
    dotenv: readDotenvFiles([...new Set(dotenvPaths)]),
    env,
    flags: options.flags ?? {},
    probe: buildPathProbe(env.PATH),
    ...(options.requireCli === undefined ? {} : { requireCli: options.requireCli }),
  };
}

export const configPathOf = (options: Pick<LoadConfigOptions, 'configPath' | 'cwd'>): string =>
  resolve(options.cwd ?? process.cwd(), expandHome(options.configPath, homedir()));

export interface ReadSources {
  readonly sources: ConfigSources;
  /** Malformed `.samocode` lines: reported before every other issue. */
  readonly fileIssues: readonly ConfigIssue[];
}

/** Reads `.samocode` (its unknown keys are warned about), `.env` files and the environment; a missing `.samocode` throws. */
export function readConfigSources(options: LoadConfigOptions): ReadSources {
  const configPath = configPathOf(options);
  const file = readSamocodeFile(configPath);
  for (const warning of file.warnings) (options.warn ?? warnOnStderr)(warning);
  return { sources: readOtherSources(options, configPath, file.values), fileIssues: file.issues };
}

/** The resolution of read sources, with the malformed `.samocode` lines first among the issues. */
export function resolveReadSources(read: ReadSources, sources: ConfigSources = read.sources): ConfigResult {
  const result = resolveConfig(sources);
  if (read.fileIssues.length === 0) return result;
  return result.ok
    ? {
        ok: false,
        issues: read.fileIssues,
        partial: { provider: result.config.provider, environment: result.config.environment },
      }
    : { ...result, issues: [...read.fileIssues, ...result.issues] };
}

/**
 * Reads every source and resolves them without throwing for bad values: malformed `.samocode`
 * lines come first among the issues. Only a missing or unreadable `.samocode` throws.
 */
export function checkConfig(options: LoadConfigOptions): ConfigResult {
  return resolveReadSources(readConfigSources(options));
}

/** The keys only `.samocode` gives: with no file there is nothing to check about them. */
const FILE_KEYS: readonly VariableName[] = ['MAIN_REPO', 'WORKTREES', 'SESSIONS'];

/**
 * For a `.samocode` that cannot be read: what the flags, `.env` files and environment say on
 * their own, so their problems are reported in the same pass as the missing file.
 */
export function checkConfigWithoutFile(options: LoadConfigOptions): {
  readonly issues: readonly ConfigIssue[];
  readonly partial: Extract<ConfigResult, { ok: false }>['partial'];
} {
  const result = resolveConfig(readOtherSources(options, configPathOf(options), {}));
  if (result.ok) return { issues: [], partial: result.config };
  return {
    issues: result.issues.filter((issue) => !FILE_KEYS.some((key) => key === issue.key)),
    partial: result.partial,
  };
}

/** `checkConfig`, throwing `config.invalid` with every issue. */
export function loadConfig(options: LoadConfigOptions): Config {
  const result = checkConfig(options);
  if (!result.ok) throw new SamocodeError('config.invalid', renderConfigIssues(result.issues));
  return result.config;
}
