/** The exact claude argv (providers.md §7); the prompt goes on stdin, never in argv. */
import type { ProviderSettings } from '../types.js';

/**
 * Arguments after the `claude` executable.
 *
 * @example
 * buildClaudeArgs({ model: 'opus', maxTurns: 50 })
 * // ['-p', '--output-format', 'stream-json', '--verbose', '--model', 'opus',
 * //  '--max-turns', '50', '--dangerously-skip-permissions']
 */
export function buildClaudeArgs(settings: Pick<ProviderSettings, 'model' | 'maxTurns'>): string[] {
  return [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--model',
    settings.model,
    '--max-turns',
    String(settings.maxTurns),
    '--dangerously-skip-permissions',
  ];
}
