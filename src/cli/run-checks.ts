/**
 * Everything `samocode run` can check before it creates anything (session folder, lock, worktree,
 * branch), checked in one pass: flags, `.samocode` and the environment, the session name and its
 * branch, the provider's login and root rules, and what git would refuse. All problems are
 * reported together (exit 2); nothing is created when there is one.
 */
import type { Config, ConfigFlags } from '../config/config.js';
import type { SessionFlags } from '../config/flag-settings.js';
import { checkConfigWithoutFile } from '../config/load-config.js';
import { renderConfigIssue } from '../config/resolve-config.js';
import { isSamocodeError, SamocodeError } from '../errors.js';
import type { InspectMode } from '../inspect/inspect-mode.js';
import { buildLoginProbe, checkLogin } from '../providers/preflight.js';
import { checkSandbox, renderSandboxRefusal } from '../providers/sandbox-rule.js';
import type { ProviderName } from '../providers/types.js';
import { checkSessionConfig, type SessionConfigCheck } from '../runner/session-config.js';
import { readSessionLocation } from '../session/resolve-session.js';
import { checkBranchName, checkSessionName, toBranchName } from '../session/session-name.js';
import { planWorktree } from '../session/worktree.js';

export interface RunRequest extends SessionFlags {
  readonly config: string;
  readonly session: string;
  readonly inspect?: boolean | string;
}

export interface CheckedRun {
  readonly config: Config;
  /** The session's settings: what to run with, the record to write, what to say. */
  readonly settings: SessionConfigCheck;
  readonly inspectMode?: InspectMode;
  /** What the checks could not judge (a login behind a gateway): printed, and the run goes on. */
  readonly warnings: readonly string[];
}

/** The flags of a run that set session settings (commander leaves the others undefined). */
function sessionFlagsOf(request: RunRequest): SessionFlags {
  const { provider, fallbackProvider, model, timeout, verify, maxCost, maxTokens, maxHours } = request;
  const { autoApprove, wait, push, dive, task, set, phaseModel, fallbackPhaseModel, escalateModel } = request;
  const all = { provider, fallbackProvider, model, timeout, verify, maxCost, maxTokens, maxHours };
  const models = { phaseModel, fallbackPhaseModel, escalateModel };
  return Object.fromEntries(
    Object.entries({ ...all, ...models, autoApprove, wait, push, dive, task, set }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

type Env = Readonly<Record<string, string | undefined>>;

async function checkInspect(
  flag: boolean | string | undefined,
): Promise<{ mode?: InspectMode; problem?: string }> {
  if (flag === undefined) return {};
  const { parseInspectMode } = await import('../inspect/inspect-mode.js');
  try {
    const mode = parseInspectMode(flag);
    return mode === undefined ? {} : { mode };
  } catch (error) {
    if (isSamocodeError(error)) return { problem: error.message };
    throw error;
  }
}

/** Problems stop the run; doubts about the login are warnings (the first attempt decides). */
function checkProviderAccess(
  provider: ProviderName | undefined,
  env: Env,
  projectDir: string | undefined,
  doubts: string[],
): string[] {
  if (provider === undefined) return [];
  const problems: string[] = [];
  const sandbox = checkSandbox(provider, env, process.getuid?.());
  // The same words as `doctor`'s provider.root check.
  if (sandbox !== undefined) problems.push(renderSandboxRefusal(sandbox));
  const login = checkLogin(provider, env, buildLoginProbe(env), projectDir);
  if (login.refusal !== undefined) problems.push(login.refusal);
  if (login.doubt !== undefined) doubts.push(login.doubt);
  return problems;
}

async function checkBranch(config: Config, sessionName: string): Promise<string[]> {
  const location = readSessionLocation(config.sessions, sessionName);
  const branch = toBranchName(location.folder, config.branchPrefix);
  const branchProblem = checkBranchName(branch);
  if (branchProblem !== undefined)
    return [
      `GIT_BRANCH_PREFIX: the session branch would be "${branch}", and ${branchProblem}; correct GIT_BRANCH_PREFIX`,
    ];
  const plan = await planWorktree({
    mainRepo: config.mainRepo,
    worktrees: config.worktrees,
    folder: location.folder,
    branch,
  });
  return plan.problem === undefined ? [] : [plan.problem];
}

/** Checks a `run` request; returns the config, or throws `run.invalid` (exit 2) listing every problem. */
export async function checkRunRequest(request: RunRequest, env: Env = process.env): Promise<CheckedRun> {
  const problems: string[] = [];
  const doubts: string[] = [];
  const sessionProblem = checkSessionName(request.session);
  if (sessionProblem !== undefined) problems.push(`--session: ${sessionProblem}`);
  const inspect = await checkInspect(request.inspect);
  if (inspect.problem !== undefined) problems.push(inspect.problem);

  let config: Config | undefined;
  let settings: SessionConfigCheck | undefined;
  const flags = sessionFlagsOf(request);
  try {
    settings = checkSessionConfig({ configPath: request.config, env, session: request.session, flags });
    const { result } = settings;
    if (result.ok) {
      config = result.config;
      problems.push(...checkProviderAccess(config.provider, config.environment, config.mainRepo, doubts));
      // The fallback runs unattended too: its login and root rules are checked now, not at the first limit.
      problems.push(
        ...checkProviderAccess(config.fallback?.provider, config.environment, config.mainRepo, doubts),
      );
    } else {
      problems.push(...result.issues.map(renderConfigIssue));
      problems.push(
        ...checkProviderAccess(result.partial.provider, result.partial.environment, undefined, doubts),
      );
    }
  } catch (error) {
    if (!isSamocodeError(error)) throw error;
    problems.push(error.message);
    // No readable `.samocode`: the flags and the environment can still be checked in this pass.
    if (error.code === 'config.invalid') {
      const alone = checkConfigWithoutFile({ configPath: request.config, env, flags: toConfigFlags(flags) });
      problems.push(...alone.issues.map(renderConfigIssue));
      problems.push(
        ...checkProviderAccess(alone.partial.provider, alone.partial.environment, undefined, doubts),
      );
    }
  }
  if (config !== undefined && sessionProblem === undefined)
    problems.push(...(await checkBranch(config, request.session)));

  if (config === undefined || settings === undefined || problems.length > 0) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    throw new SamocodeError(
      'run.invalid',
      `cannot start the run, ${count} (nothing was created):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return {
    config,
    settings,
    ...(inspect.mode === undefined ? {} : { inspectMode: inspect.mode }),
    warnings: doubts,
  };
}

/** The flags as `.samocode`'s resolver reads them, for the check without a `.samocode`. */
function toConfigFlags(flags: SessionFlags): ConfigFlags {
  const { provider, fallbackProvider, model, timeout, verify, maxCost, maxTokens, maxHours } = flags;
  return Object.fromEntries(
    Object.entries({
      provider,
      fallbackProvider,
      model,
      timeout,
      verify,
      maxCost,
      maxTokens,
      maxHours,
    }).filter(([, value]) => value !== undefined),
  );
}
