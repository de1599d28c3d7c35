/** The part of codex's config.toml the login check reads. */
import { describe, expect, it } from 'vitest';
import { parseCodexLoginConfig } from '../../src/providers/codex-config.js';

describe('parseCodexLoginConfig', () => {
  it('reads the provider, its env_key and requires_openai_auth from a section', () => {
    const text = [
      '# codex settings',
      'model = "gpt-5"',
      "model_provider = 'azure'  # Azure OpenAI",
      '',
      '[model_providers.azure]',
      'name = "Azure"',
      'env_key = "AZURE_OPENAI_API_KEY"',
      'requires_openai_auth = false',
      '',
      '[model_providers."my.proxy"]',
      'env_key = "PROXY_KEY"',
    ].join('\n');
    expect(parseCodexLoginConfig(text)).toEqual({
      modelProvider: 'azure',
      providers: {
        azure: { envKey: 'AZURE_OPENAI_API_KEY', requiresOpenaiAuth: false },
        'my.proxy': { envKey: 'PROXY_KEY' },
      },
      isUnclear: false,
    });
  });

  it('reads inline tables, a profile and a base URL; a [[table]] does not swallow keys', () => {
    const text = [
      'profile = "work"',
      'openai_base_url = "http://127.0.0.1:1/v1"',
      '[[mcp]]',
      'model_provider = "not-top-level"',
      '[model_providers]',
      'p = { name = "p", env_key = "P_KEY", requires_openai_auth = true }',
    ].join('\n');
    expect(parseCodexLoginConfig(text)).toEqual({
      profile: 'work',
      openaiBaseUrl: 'http://127.0.0.1:1/v1',
      providers: { p: { envKey: 'P_KEY', requiresOpenaiAuth: true } },
      isUnclear: false,
    });
  });

  it('flags a provider written in a way it does not follow', () => {
    expect(parseCodexLoginConfig('model_providers.p = { name = "p",\n  env_key = "K" }\n').isUnclear).toBe(
      true,
    );
    expect(parseCodexLoginConfig('model_provider = 3\n').isUnclear).toBe(true);
  });
});
