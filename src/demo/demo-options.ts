/**
 * The demo's options from its flags, and from npm: `npm run demo --keep` (without `--`) hands
 * `--keep` to npm, which warns "Unknown cli config" and passes it on as `npm_config_keep`. The
 * demo accepts that form instead of deleting what the user asked to keep. Pure.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { PROVIDER_NAMES, type ProviderName } from '../providers/types.js';

export interface DemoFlags {
  readonly provider?: ProviderName;
  readonly keep?: boolean;
  /** `--repo <path>`: run on the user's own git repository. */
  readonly repo?: string;
}

export interface ResolvedDemoOptions {
  readonly provider: ProviderName;
  readonly keep: boolean;
  /** The repository path as given, `~/` expanded and made absolute. */
  readonly repo?: string;
  /** Lines to print first: options taken from npm, with the usual form. */
  readonly notes: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `extra` holds the demo's stray arguments: npm turns `npm run demo --provider codex` into
 * `npm_config_provider=true` plus a bare `codex`. Anything else stray is a usage problem.
 */
export function resolveDemoOptions(
  flags: DemoFlags,
  env: Env,
  extra: readonly string[] = [],
  cwd = '/',
): ResolvedDemoOptions | { readonly problem: string } {
  const isNpmRunDemo = env.npm_lifecycle_event === 'demo';
  const stray = PROVIDER_NAMES.find((name) => name === extra[0]);
  const fromNpm =
    env.npm_config_provider === 'true' && extra.length === 1 && stray !== undefined ? stray : undefined;
  if (extra.length > 0 && (fromNpm === undefined || !isNpmRunDemo)) {
    return {
      problem: `samocode demo: unexpected argument "${extra.join(' ').slice(0, 60)}"; the demo takes only --provider claude|codex, --keep and --repo <path> (from a clone: npm run demo -- --provider codex --keep)`,
    };
  }
  if (flags.repo !== undefined && flags.repo.trim() === '')
    return { problem: 'samocode demo: --repo needs the path of a git repository, e.g. --repo ~/code/app' };
  const notes: string[] = [];
  let keep = flags.keep === true;
  if (!keep && isNpmRunDemo && env.npm_config_keep !== undefined && env.npm_config_keep !== 'false') {
    keep = true;
    notes.push(
      'samocode demo: npm took --keep as its own option; keeping the project anyway (the usual form is npm run demo -- --keep)',
    );
  }
  let provider: ProviderName = flags.provider ?? 'claude';
  const npmProvider = fromNpm ?? PROVIDER_NAMES.find((name) => name === env.npm_config_provider);
  if (flags.provider === undefined && isNpmRunDemo && npmProvider !== undefined) {
    provider = npmProvider;
    notes.push(
      `samocode demo: npm took --provider as its own option; using ${npmProvider} anyway (the usual form is npm run demo -- --provider ${npmProvider})`,
    );
  }
  const repo = flags.repo === undefined ? undefined : toAbsolute(flags.repo, env.HOME, cwd);
  return { provider, keep, notes, ...(repo === undefined ? {} : { repo }) };
}

/** `~/x` from HOME (`--repo=~/x` reaches us unexpanded), a relative path from `cwd`. */
function toAbsolute(path: string, home: string | undefined, cwd: string): string {
  if (home !== undefined && (path === '~' || path.startsWith('~/'))) return join(home, path.slice(1));
  return isAbsolute(path) ? path : resolve(cwd, path);
}
