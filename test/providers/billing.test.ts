import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billingOfCodex, checkBilling, readHasLogin } from '../../src/providers/billing.js';
import { INITIAL_CLAUDE_STREAM, parseClaudeLine } from '../../src/providers/claude/parse.js';

describe('billing source', () => {
  it("reads claude's apiKeySource from the init line", () => {
    const init = (source: string) =>
      parseClaudeLine(
        INITIAL_CLAUDE_STREAM,
        JSON.stringify({ type: 'system', subtype: 'init', apiKeySource: source }),
      ).figures.billing;
    expect(init('ANTHROPIC_API_KEY')).toBe('ANTHROPIC_API_KEY');
    expect(init('none')).toBe('subscription');
  });

  it('says codex bills CODEX_API_KEY when it is set, else its login', () => {
    expect(billingOfCodex({ CODEX_API_KEY: 'k' })).toBe('CODEX_API_KEY');
    expect(billingOfCodex({ OPENAI_API_KEY: 'k' })).toBe('login');
  });
});

describe('checkBilling', () => {
  it('warns when an API key would bill although a subscription login exists', () => {
    const check = checkBilling({
      provider: 'claude',
      env: { ANTHROPIC_API_KEY: 'k' },
      hasLogin: true,
      policy: 'any',
    });
    expect(check.refusal).toBeUndefined();
    expect(check.warnings).toEqual([
      expect.stringContaining('ANTHROPIC_API_KEY is set, so claude bills every token'),
    ]);
  });

  it('stays quiet for an API key without a login, and without a key', () => {
    expect(
      checkBilling({ provider: 'codex', env: { CODEX_API_KEY: 'k' }, hasLogin: false, policy: 'any' }),
    ).toEqual({
      warnings: [],
    });
    expect(checkBilling({ provider: 'codex', env: {}, hasLogin: true, policy: 'subscription' })).toEqual({
      warnings: [],
    });
  });

  it('refuses an API key under SAMOCODE_BILLING=subscription, naming the variable and the fix', () => {
    const check = checkBilling({
      provider: 'codex',
      env: { CODEX_API_KEY: 'k' },
      hasLogin: false,
      policy: 'subscription',
    });
    expect(check.refusal).toMatch(
      /^SAMOCODE_BILLING=subscription, but CODEX_API_KEY is set: .*unset CODEX_API_KEY/,
    );
  });

  it('finds the claude credentials file and the codex auth.json', () => {
    const home = mkdtempSync(join(tmpdir(), 'samocode-home-'));
    try {
      expect(readHasLogin('claude', { HOME: home })).toBe(false);
      expect(readHasLogin('claude', { HOME: home, CLAUDE_CODE_OAUTH_TOKEN: 't' })).toBe(true);
      mkdirSync(join(home, '.claude'));
      writeFileSync(join(home, '.claude', '.credentials.json'), '{}');
      expect(readHasLogin('claude', { HOME: home })).toBe(true);
      expect(readHasLogin('codex', { HOME: home })).toBe(false);
      mkdirSync(join(home, '.codex'));
      writeFileSync(join(home, '.codex', 'auth.json'), '{}');
      expect(readHasLogin('codex', { HOME: home })).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
