/** Finding the real provider CLI: on PATH, or in this package's own node_modules/.bin. */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { ProviderName } from '../providers/types.js';

export const CLI_PACKAGES: Readonly<Record<ProviderName, string>> = {
  claude: '@anthropic-ai/claude-code@2.1.197',
  codex: '@openai/codex@0.169.0',
};

/** The message shown when the CLI cannot be found. Pure. */
export function missingCliMessage(provider: ProviderName): string {
  return [
    `samocode demo: the ${provider} CLI is not installed (not on PATH, not in samocode's node_modules/.bin).`,
    `Install it with:  npm install -g ${CLI_PACKAGES[provider]}`,
    `Then run \`samocode demo${provider === 'claude' ? '' : ` --provider ${provider}`}\` again. The demo talks only to a model server on 127.0.0.1; no account is needed.`,
  ].join('\n');
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Candidate paths in lookup order: the package's own bin folder first, then PATH. Pure. */
export function cliCandidates(provider: ProviderName, packageRoot: string, pathVariable: string): string[] {
  const onPath = pathVariable
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, provider));
  return [join(packageRoot, 'node_modules', '.bin', provider), ...onPath];
}

export async function findCli(
  provider: ProviderName,
  packageRoot: string,
  pathVariable: string = process.env.PATH ?? '',
): Promise<string | undefined> {
  for (const candidate of cliCandidates(provider, packageRoot, pathVariable)) {
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}
