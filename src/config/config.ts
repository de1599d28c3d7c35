/** The resolved, frozen configuration of one command. */
import type { ProviderName } from '../providers/types.js';
import type { LimitFlags, Limits } from './limits.js';
import type { PhaseModels } from './phase-models.js';
import type { SessionValue } from './pick-value.js';

export interface ProviderCliConfig {
  /** As configured (bare name or path). */
  readonly path: string;
  readonly model: string;
  readonly timeoutS: number;
}

export interface Config {
  readonly configPath: string;
  readonly mainRepo: string;
  readonly worktrees: string;
  readonly sessions: string;
  readonly provider: ProviderName;
  /** Absolute path of the selected provider's CLI. */
  readonly cliPath: string;
  /** The selected provider's model ('' = the CLI's default, codex only). */
  readonly model: string;
  /** The selected provider's per-iteration timeout. */
  readonly timeoutS: number;
  /** `SAMOCODE_PHASE_MODELS`: the selected provider's model per phase; a phase not named runs on `model`. */
  readonly phaseModels: PhaseModels;
  /** `SAMOCODE_ESCALATE_MODEL`: the stronger model of one escalation before a block ('' = no escalation). */
  readonly escalateModel: string;
  readonly claude: ProviderCliConfig & { readonly maxTurns: number };
  readonly codex: ProviderCliConfig;
  /** `SAMOCODE_FALLBACK_PROVIDER`: the provider that runs while the primary's usage limit lasts long. */
  readonly fallback?: {
    readonly provider: ProviderName;
    /** Absolute path of its CLI. */
    readonly cliPath: string;
    readonly model: string;
    readonly timeoutS: number;
    /** `SAMOCODE_FALLBACK_PHASE_MODELS`: its own model per phase (names differ between providers). */
    readonly phaseModels: PhaseModels;
    /** `SAMOCODE_FALLBACK_ESCALATE_MODEL`: its escalation model ('' = its phase model). */
    readonly escalateModel: string;
  };
  /** `SAMOCODE_FALLBACK_AFTER`: a limit that resets at least this many seconds ahead moves to the fallback. */
  readonly fallbackAfterS: number;
  /** Attempts per iteration, the first included. */
  readonly maxRetries: number;
  readonly retryDelayS: number;
  readonly maxSuspendS: number;
  readonly killGraceS: number;
  readonly branchPrefix: string;
  /** `VERIFY`: the command samocode runs in the worktree before it calls a session complete ('' = none). */
  readonly verify: { readonly command: string; readonly timeoutS: number };
  /** `SAMOCODE_PUSH_TIMEOUT`: how long `--push` may take before git's group is ended. */
  readonly pushTimeoutS: number;
  readonly telegram: { readonly botToken: string; readonly chatId: string };
  /** The environment for the provider and for redaction: `.env` values under the real environment. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Budgets, stall detectors and the billing policy (`limits.ts`). */
  readonly limits: Limits;
  /** `SAMOCODE_INSPECT_PORT`: the `--inspect` page's port (0 = a free one). */
  readonly inspectPort: number;
  /** `SAMOCODE_DASHBOARD_PORT`: the dashboard's port (0 = a free one). */
  readonly dashboardPort: number;
  /** `SAMOCODE_HEARTBEAT_SECONDS`: how often a run without a terminal says an iteration is still running (0 = never). */
  readonly heartbeatS: number;
  /** `SAMOCODE_STORE`: '' for the session folder, else the PostgreSQL URL (never printed as it is). */
  readonly store: string;
  /** What a worker of this machine may take, and how long it holds a session without renewing it. */
  readonly fleet: FleetLimits;
}

export interface FleetLimits {
  /** `SAMOCODE_ACCOUNT` ('' = none): claims count against this label across all workers. */
  readonly account: string;
  /** `SAMOCODE_MAX_SESSIONS`: sessions one worker runs at once. */
  readonly maxSessions: number;
  /** `SAMOCODE_MAX_PER_ACCOUNT`: sessions running under the account across all workers (undefined = no limit). */
  readonly maxPerAccount?: number;
  /** `SAMOCODE_LEASE_SECONDS`. */
  readonly leaseS: number;
}

/** Command-line flags that override configuration. */
export interface ConfigFlags extends LimitFlags {
  readonly provider?: string;
  readonly fallbackProvider?: string;
  readonly model?: string;
  readonly timeout?: string | number;
  readonly verify?: string;
}

/** The file-system questions `resolveConfig` asks; real ones in `load-config.ts`, fakes in tests. */
export interface PathProbe {
  isDirectory(path: string): boolean;
  isExecutableFile(path: string): boolean;
  /** Absolute path of `name` on PATH, if any. */
  which(name: string): string | undefined;
}

export interface ConfigSources {
  readonly configPath: string;
  readonly file: Readonly<Record<string, string>>;
  readonly dotenv: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags: ConfigFlags;
  /**
   * A session's settings (recorded, or changed by a flag of this run), by variable name: they beat
   * every other source for the names they hold (`src/config/merge-settings.ts`).
   */
  readonly sessionValues?: Readonly<Record<string, SessionValue>>;
  readonly probe: PathProbe;
  /** Check that the selected provider's CLI exists (default true; `status` and `approve` skip it). */
  readonly requireCli?: boolean;
}

export interface ConfigIssue {
  readonly key: string;
  readonly received: string | undefined;
  readonly expected: string;
  readonly fix: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | {
      readonly ok: false;
      readonly issues: readonly ConfigIssue[];
      /** What could still be resolved, so checks that need only these can run in the same pass. */
      readonly partial: {
        readonly provider?: ProviderName;
        readonly environment: Readonly<Record<string, string | undefined>>;
      };
    };
