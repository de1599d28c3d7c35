/** A provider CLI that could not start, classified for both providers. Pure. */
import type { StartError } from '../process/process-result.js';
import type { Classified } from './outcome.js';
import type { ProviderName } from './types.js';

const PACKAGES: Readonly<Record<ProviderName, string>> = {
  claude: '@anthropic-ai/claude-code',
  codex: '@openai/codex',
};
const PATH_SETTING: Readonly<Record<ProviderName, string>> = { claude: 'CLAUDE_PATH', codex: 'CODEX_PATH' };

/**
 * A gone working folder blocks the session (the environment needs a human); a gone or unrunnable
 * CLI is fatal, with what to reinstall; anything else node refused is a bad invocation.
 *
 * @example
 * classifyStartError('codex', { code: 'ENOENT', file: '/opt/codex', cwd: '/w', missing: 'program', message: '…' })
 * // { outcome: 'cli_missing', message: 'codex: the CLI /opt/codex is gone (ENOENT); …' }
 */
export function classifyStartError(name: ProviderName, error: StartError): Classified {
  if (error.missing === 'cwd') {
    return {
      outcome: 'workdir_missing',
      message: `${name} could not start: its working folder ${error.cwd} no longer exists (was the session's worktree removed?); run git worktree prune in the main repository, then run samocode again to recreate the worktree from the session branch`,
    };
  }
  const reinstall = `reinstall it (npm install -g ${PACKAGES[name]}) or set ${PATH_SETTING[name]} to where it is now, then run samocode again`;
  if (error.missing === 'program') {
    return {
      outcome: 'cli_missing',
      message: `${name}: the CLI ${error.file} is gone (ENOENT); it was there when the run began: ${reinstall}`,
    };
  }
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    const why =
      error.code === 'EACCES' ? 'it is not executable' : 'the interpreter its #! line names was not found';
    return {
      outcome: 'cli_missing',
      message: `${name}: the CLI ${error.file} cannot be run (${error.code}: ${why}); ${reinstall}`,
    };
  }
  return {
    outcome: 'bad_invocation',
    message: `${name}: could not start ${error.file}: ${error.message}. Fix: check ${PATH_SETTING[name]} and the ${name} version`,
  };
}
