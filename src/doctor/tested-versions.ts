/**
 * The provider CLI versions the conformance tiers ran against (docs/COMPATIBILITY.md lists them;
 * a test keeps the two in step). Pure.
 */
import type { ProviderName } from '../providers/types.js';

export const TESTED_CLI_VERSIONS: Readonly<
  Record<ProviderName, { readonly oldest: string; readonly newest: string }>
> = {
  claude: { oldest: '2.1.197', newest: '2.1.332' },
  codex: { oldest: '0.169.0', newest: '0.171.0' },
};

/** The first `x.y.z` in a `--version` line ("2.1.332 (Claude Code)", "codex-cli 0.171.0"). */
export function parseCliVersion(text: string): string | undefined {
  return /\b(\d+\.\d+\.\d+)\b/.exec(text)?.[1];
}

export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export function isTestedVersion(provider: ProviderName, version: string): boolean {
  const range = TESTED_CLI_VERSIONS[provider];
  return compareVersions(version, range.oldest) >= 0 && compareVersions(version, range.newest) <= 0;
}
