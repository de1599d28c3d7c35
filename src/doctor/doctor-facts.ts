/** What `samocode doctor` found on this machine; read by `read-doctor-facts.ts`, judged by `build-doctor-checks.ts`. */
import type { Config } from '../config/config.js';
import type { ProviderName } from '../providers/types.js';

export type Env = Readonly<Record<string, string | undefined>>;

export type ConfigFact =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly path: string; readonly message: string }
  | { readonly kind: 'loaded'; readonly config: Config };

export interface CliFact {
  /** As configured: a bare name or a path. */
  readonly setting: string;
  readonly path?: string;
  readonly versionLine?: string;
  readonly versionError?: string;
}

export type CodexAuthFile = 'none' | 'api_key' | 'chatgpt' | 'unreadable';

export interface CredentialFacts {
  readonly claudeLoginPath: string;
  readonly hasClaudeLogin: boolean;
  readonly codexAuthPath: string;
  readonly codexAuth: CodexAuthFile;
}

export interface PathFact {
  readonly key: 'MAIN_REPO' | 'WORKTREES' | 'SESSIONS';
  readonly path: string;
  /** Why samocode could not write there (WORKTREES, SESSIONS). */
  readonly problem?: string;
  /** MAIN_REPO only. */
  readonly isGitRepo?: boolean;
}

export type TelegramFact =
  | { readonly kind: 'not-configured' }
  | { readonly kind: 'half-configured'; readonly missing: string }
  | { readonly kind: 'reachable' }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** A provider the run would spawn, and its CLI as found. */
export interface ProviderFact {
  readonly provider: ProviderName;
  readonly cli: CliFact;
}

export interface DoctorFacts {
  readonly config: ConfigFact;
  readonly provider: ProviderName;
  readonly cli: CliFact;
  /** `SAMOCODE_FALLBACK_PROVIDER`, when one is configured: checked like the primary. */
  readonly fallback?: ProviderFact;
  readonly env: Env;
  readonly uid: number | undefined;
  readonly git: { readonly versionLine?: string; readonly error?: string };
  readonly credentials: CredentialFacts;
  readonly paths: readonly PathFact[];
  readonly logDir: { readonly path: string; readonly problem?: string };
  readonly telegram: TelegramFact;
}
