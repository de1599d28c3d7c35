import { describe, expect, it } from 'vitest';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { buildCodexArgs } from '../../src/providers/codex/argv.js';
import { buildProviderEnv } from '../../src/providers/env.js';

describe('provider argv (providers.md §7)', () => {
  it('builds the exact claude argv with the prompt left for stdin', () => {
    expect(buildClaudeArgs({ model: 'opus', maxTurns: 50 })).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--model',
      'opus',
      '--max-turns',
      '50',
      '--dangerously-skip-permissions',
    ]);
  });

  it('builds the exact codex argv with -m only when a model is set', () => {
    expect(buildCodexArgs({ model: 'gpt-x' }, '/w t')).toEqual([
      'exec',
      '--json',
      '--dangerously-bypass-approvals-and-sandbox',
      '--skip-git-repo-check',
      '-C',
      '/w t',
      '-m',
      'gpt-x',
      '-c',
      'features.unbounded_connection_retries=false',
      '-',
    ]);
    expect(buildCodexArgs({ model: '' }, '/w')).not.toContain('-m');
    expect(buildCodexArgs({ model: '' }, '/w')).toHaveLength(9);
  });
});

describe('provider environment', () => {
  it('drops CLAUDECODE and undefined values and adds DISABLE_AUTOUPDATER for claude', () => {
    const env = buildProviderEnv(
      { name: 'claude', env: { PATH: '/bin', CLAUDECODE: '1', GONE: undefined } },
      0,
    );
    expect(env).toEqual({ PATH: '/bin', DISABLE_AUTOUPDATER: '1' });
  });

  it("keeps samocode's store URL (it may hold a password) from the agent", () => {
    const env = buildProviderEnv(
      { name: 'codex', env: { SAMOCODE_STORE: 'postgres://u:pw@db/s', CODEX_API_KEY: 'k' } },
      0,
    );
    expect(env).toEqual({ CODEX_API_KEY: 'k' });
  });

  it('passes IS_SANDBOX through only when the user set it', () => {
    expect(buildProviderEnv({ name: 'claude', env: {} }, 0).IS_SANDBOX).toBeUndefined();
    expect(buildProviderEnv({ name: 'claude', env: { IS_SANDBOX: '1' } }, 0).IS_SANDBOX).toBe('1');
  });

  it('leaves the codex environment as the user gave it', () => {
    expect(buildProviderEnv({ name: 'codex', env: { CODEX_API_KEY: 'k' } }, 0)).toEqual({
      CODEX_API_KEY: 'k',
    });
  });
});
