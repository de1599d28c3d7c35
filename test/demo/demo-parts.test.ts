/** The demo's small parts: finding the CLI, the child's environment, the end summary. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSamocodeFile } from '../../src/config/samocode-file.js';
import { buildDemoEnv } from '../../src/demo/demo-env.js';
import { resolveDemoOptions } from '../../src/demo/demo-options.js';
import { renderSamocodeFile } from '../../src/demo/demo-project.js';
import { findCli, missingCliMessage } from '../../src/demo/find-cli.js';
import { toRepoSessionName } from '../../src/demo/repo-project.js';
import { builtBinBeside, samocodeInvocation } from '../../src/demo/run-child.js';

const dir = mkdtempSync(join(tmpdir(), 'samocode-demo-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findCli', () => {
  it('prefers the package bin, then PATH, and skips files that are not executable', async () => {
    const pkg = join(dir, 'pkg');
    const onPath = join(dir, 'bin');
    mkdirSync(join(pkg, 'node_modules/.bin'), { recursive: true });
    mkdirSync(onPath);
    writeFileSync(join(onPath, 'codex'), '#!/bin/sh\n');
    chmodSync(join(onPath, 'codex'), 0o755);
    writeFileSync(join(pkg, 'node_modules/.bin/codex'), 'not executable');
    expect(await findCli('codex', pkg, onPath)).toBe(join(onPath, 'codex'));
    expect(await findCli('claude', pkg, onPath)).toBeUndefined();
  });

  it('says how to install a missing CLI', () => {
    expect(missingCliMessage('codex')).toContain('npm install -g @openai/codex@0.169.0');
    expect(missingCliMessage('claude')).toContain('npm install -g @anthropic-ai/claude-code@2.1.197');
    expect(missingCliMessage('codex')).toContain('Then run `samocode demo --provider codex` again.');
    expect(missingCliMessage('claude')).toContain('Then run `samocode demo` again.');
  });
});

describe('resolveDemoOptions', () => {
  it('makes --repo absolute: from the current folder, and ~/ from HOME', () => {
    expect(resolveDemoOptions({ repo: '../app' }, {}, [], '/home/me/code/x')).toEqual({
      provider: 'claude',
      keep: false,
      notes: [],
      repo: '/home/me/code/app',
    });
    expect(resolveDemoOptions({ repo: '~/code/app' }, { HOME: '/home/me' }, [], '/')).toMatchObject({
      repo: '/home/me/code/app',
    });
    expect(resolveDemoOptions({ repo: '/abs/app' }, {}, [], '/x')).toMatchObject({ repo: '/abs/app' });
    expect(resolveDemoOptions({ repo: ' ' }, {})).toEqual({
      problem: 'samocode demo: --repo needs the path of a git repository, e.g. --repo ~/code/app',
    });
  });

  it('names a demo session after its temp folder, so two demos on one repository never share a branch', () => {
    expect(toRepoSessionName('/tmp/samocode-demo-aB3xYz')).toBe('demo-ab3xyz');
  });

  it('takes --keep and --provider that npm swallowed (npm run demo --keep) and says the usual form', () => {
    const env = { npm_lifecycle_event: 'demo', npm_config_keep: 'true', npm_config_provider: 'codex' };
    expect(resolveDemoOptions({}, env)).toEqual({
      provider: 'codex',
      keep: true,
      notes: [
        'samocode demo: npm took --keep as its own option; keeping the project anyway (the usual form is npm run demo -- --keep)',
        'samocode demo: npm took --provider as its own option; using codex anyway (the usual form is npm run demo -- --provider codex)',
      ],
    });
  });

  it('flags win, and npm settings count only under npm run demo', () => {
    expect(
      resolveDemoOptions(
        { keep: true, provider: 'claude' },
        { npm_lifecycle_event: 'demo', npm_config_provider: 'codex' },
      ),
    ).toEqual({ provider: 'claude', keep: true, notes: [] });
    expect(resolveDemoOptions({}, { npm_config_keep: 'true' })).toEqual({
      provider: 'claude',
      keep: false,
      notes: [],
    });
    expect(resolveDemoOptions({}, { npm_lifecycle_event: 'demo', npm_config_keep: 'false' })).toMatchObject({
      keep: false,
    });
  });

  it('npm run demo --provider codex (npm_config_provider=true and a bare codex) uses codex; other strays are refused', () => {
    const env = { npm_lifecycle_event: 'demo', npm_config_provider: 'true' };
    expect(resolveDemoOptions({}, env, ['codex'])).toMatchObject({ provider: 'codex', keep: false });
    expect(resolveDemoOptions({}, env, ['gpt'])).toEqual({
      problem:
        'samocode demo: unexpected argument "gpt"; the demo takes only --provider claude|codex, --keep and --repo <path> (from a clone: npm run demo -- --provider codex --keep)',
    });
    expect(resolveDemoOptions({}, {}, ['codex'])).toHaveProperty('problem');
  });
});

describe('buildDemoEnv', () => {
  const base = {
    cliPath: '/x/claude',
    baseUrl: 'http://127.0.0.1:9',
    project: { home: '/d/home' },
    parentEnv: {
      PATH: '/bin',
      CLAUDE_CODE_OAUTH_TOKEN: 'real',
      SAMOCODE_PROVIDER: 'codex',
      TELEGRAM_BOT_TOKEN: 't',
    },
  } as const;

  it('points claude at the model server and never passes the user credentials on', () => {
    const env = buildDemoEnv({ ...base, provider: 'claude', isRoot: true });
    expect(env).toMatchObject({
      PATH: '/bin',
      HOME: '/d/home',
      SAMOCODE_PROVIDER: 'claude',
      CLAUDE_PATH: '/x/claude',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      CLAUDE_CONFIG_DIR: '/d/home/.claude',
      IS_SANDBOX: '1',
      TELEGRAM_BOT_TOKEN: '',
    });
    expect(env.CLAUDE_CODE_OAUTH_TOKEN).toBeUndefined();
    expect(buildDemoEnv({ ...base, provider: 'claude', isRoot: false }).IS_SANDBOX).toBeUndefined();
  });

  it('gives codex its own CODEX_HOME and key', () => {
    const env = buildDemoEnv({ ...base, cliPath: '/x/codex', provider: 'codex', isRoot: false });
    expect(env).toMatchObject({
      CODEX_PATH: '/x/codex',
      CODEX_HOME: '/d/home/.codex',
      CODEX_API_KEY: 'sk-samocode-demo',
    });
    expect(env.ANTHROPIC_BASE_URL).toBeUndefined();
  });
});

describe('the demo files and child argv', () => {
  it('writes the three .samocode keys', () => {
    expect(renderSamocodeFile({ mainRepo: '/r/lib', worktrees: '/r/wt', sessions: '/r/s' })).toBe(
      '# Made by `samocode demo`; removed with the demo unless --keep was given.\nMAIN_REPO=/r/lib\nWORKTREES=/r/wt\nSESSIONS=/r/s\n',
    );
  });

  it('quotes paths .samocode would read otherwise, and reads them back as written', () => {
    const project = { mainRepo: '/home/me/my app #2', worktrees: `/t/it's`, sessions: '/t/s' };
    const text = renderSamocodeFile(project, { comment: 'a repo demo', branchPrefix: 'samocode-demo' });
    expect(text).toBe(
      `# a repo demo\nMAIN_REPO="/home/me/my app #2"\nWORKTREES="/t/it's"\nSESSIONS=/t/s\nGIT_BRANCH_PREFIX=samocode-demo\n`,
    );
    expect(parseSamocodeFile(text, '/home/me')).toEqual({
      values: {
        MAIN_REPO: '/home/me/my app #2',
        WORKTREES: `/t/it's`,
        SESSIONS: '/t/s',
        GIT_BRANCH_PREFIX: 'samocode-demo',
      },
      issues: [],
      warnings: [],
    });
    expect(
      parseSamocodeFile(renderSamocodeFile({ ...project, mainRepo: '/a "b"' }), '/h').values.MAIN_REPO,
    ).toBe('/a "b"');
  });

  it('starts the built bin, or the sources through tsx', () => {
    expect(samocodeInvocation('/p', false, ['run']).args).toEqual(['/p/dist/src/cli/bin.js', 'run']);
    expect(samocodeInvocation('/p', false, ['run'], '/p/dist-test/src/cli/bin.js').args).toEqual([
      '/p/dist-test/src/cli/bin.js',
      'run',
    ]);
    expect(builtBinBeside('file:///p/dist-test/chunks/demo-ABC.js')).toBe('/p/dist-test/src/cli/bin.js');
    expect(samocodeInvocation('/p', true, ['run']).args).toEqual([
      '--import',
      'file:///p/node_modules/tsx/dist/loader.mjs',
      '/p/src/cli/bin.ts',
      'run',
    ]);
  });
});
