/** The exact codex argv (providers.md §7); `-` makes codex read the prompt from stdin. */
import type { ProviderSettings } from '../types.js';

/**
 * Arguments after the `codex` executable. An empty model leaves codex on its default.
 *
 * @example
 * buildCodexArgs({ model: '' }, '/repo')
 * // ['exec', '--json', '--dangerously-bypass-approvals-and-sandbox', '--skip-git-repo-check',
 * //  '-C', '/repo', '-c', 'features.unbounded_connection_retries=false', '-']
 */
export function buildCodexArgs(settings: Pick<ProviderSettings, 'model'>, workDir: string): string[] {
  const model = settings.model === '' ? [] : ['-m', settings.model];
  return [
    'exec',
    '--json',
    '--dangerously-bypass-approvals-and-sandbox',
    '--skip-git-repo-check',
    '-C',
    workDir,
    ...model,
    '-c',
    'features.unbounded_connection_retries=false',
    '-',
  ];
}
