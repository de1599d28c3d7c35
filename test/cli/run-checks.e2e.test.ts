/** `samocode run` checks everything before it creates anything, and reports every problem at once. Integration tier. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../helpers/git.js';
import { type CliProject, FAKE_CODEX, makeCliProject, readInvocations } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const isRoot = process.getuid?.() === 0;

/** A codex model provider of the user's own (a proxy, Azure, a local server), as in `$CODEX_HOME/config.toml`. */
const CUSTOM_PROVIDER = `model_provider = "proxy"

[model_providers.proxy]
name = "my proxy"
base_url = "http://127.0.0.1:9/v1"
env_key = "PROXY_API_KEY"
wire_api = "responses"
`;

async function expectNothingCreated(h: CliProject) {
  expect(readdirSync(h.project.sessions)).toEqual([]);
  expect(readdirSync(h.project.worktrees)).toEqual([]);
  expect(await git(h.project.mainRepo, 'branch', '--format=%(refname:short)')).toBe('main');
}

describe('samocode run: checks before side effects [slow: ~4 s per run]', { timeout: 120_000 }, () => {
  it('reports a bad --session, a missing CLI, IS_SANDBOX and a missing login together, creating nothing', async () => {
    const h = await makeCliProject();
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', '../x'], {
      env: { CLAUDE_PATH: 'no-such-claude', IS_SANDBOX: 'yes', ANTHROPIC_API_KEY: undefined },
    });
    expect(run.exitCode).toBe(2);
    const lines = String(run.stderr).split('\n');
    expect(lines[0]).toBe(
      `samocode: cannot start the run, ${isRoot ? 4 : 3} problems (nothing was created):`,
    );
    expect(run.stderr).toContain('  - --session: invalid session name "../x"');
    expect(run.stderr).toContain('  - CLAUDE_PATH: got "no-such-claude"');
    if (isRoot)
      expect(run.stderr).toContain('IS_SANDBOX is exactly 1, and it is "yes"; fix: set IS_SANDBOX=1');
    expect(run.stderr).toContain(
      '  - claude is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN',
    );
    await expectNothingCreated(h);
  });

  it('a missing .samocode is reported with the flag and environment problems of the same pass, creating nothing', async () => {
    const h = await makeCliProject();
    const missing = join(h.project.root, 'nowhere', '.samocode');
    const run = await h.samocode(['run', '--config', missing, '--session', '../x', '--timeout', 'abc'], {
      env: { CLAUDE_PATH: 'no-such-claude', ANTHROPIC_API_KEY: undefined },
    });
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr).split('\n')).toEqual([
      'samocode: cannot start the run, 5 problems (nothing was created):',
      "  - --session: invalid session name \"../x\": use letters, digits, '.', '_' and '-' only (not a path, not '.' or '..'); e.g. --session add-login",
      `  - config file not found: ${missing}; pass --config with the path of your project's .samocode file`,
      '  - --timeout: got "abc", expected seconds, a whole number from 1 to 2147483 (about 24 days); pass a valid value to --timeout',
      '  - CLAUDE_PATH: got "no-such-claude", expected a command found on PATH (or a path to the executable); install the claude CLI or set CLAUDE_PATH to its full path',
      `  - claude is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN and no ${h.project.root}/.claude/.credentials.json; run \`claude\` and /login, or set one of them in the environment or in a .env file next to .samocode`,
    ]);
    await expectNothingCreated(h);
  });

  it('--provider codex --timeout abc reports the timeout, the missing codex CLI and its login', async () => {
    const h = await makeCliProject();
    const run = await h.samocode(
      ['run', '--config', h.project.configPath, '--session', 'x', '--provider', 'codex', '--timeout', 'abc'],
      { env: { PATH: '/usr/bin:/bin' } },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cannot start the run, 3 problems');
    expect(run.stderr).toContain('  - --timeout: got "abc"');
    expect(run.stderr).toContain('  - CODEX_PATH: got "codex"');
    expect(run.stderr).toContain('  - codex is not logged in');
    await expectNothingCreated(h);
  });

  it('accepts codex on a model provider of its own whose env_key is set, and runs it', async () => {
    const h = await makeCliProject([
      [{ do: 'signal', content: { status: 'continue', phase: 'investigation' } }],
    ]);
    mkdirSync(join(h.project.root, '.codex'));
    writeFileSync(join(h.project.root, '.codex', 'config.toml'), CUSTOM_PROVIDER);
    const run = await h.samocode(
      ['run', '--config', h.project.configPath, '--session', 'own', '--provider', 'codex', '--once'],
      { env: { CODEX_PATH: FAKE_CODEX, PROXY_API_KEY: 'proxy-key-value-1234' } },
    );
    expect(run.stderr).not.toContain('not logged in');
    expect(run.exitCode).toBe(0);
  });

  it('refuses codex on a model provider of its own whose env_key is not set, naming the variable', async () => {
    const h = await makeCliProject();
    mkdirSync(join(h.project.root, '.codex'));
    writeFileSync(join(h.project.root, '.codex', 'config.toml'), CUSTOM_PROVIDER);
    const run = await h.samocode(
      ['run', '--config', h.project.configPath, '--session', 'own', '--provider', 'codex'],
      { env: { CODEX_PATH: FAKE_CODEX } },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `  - codex uses the model provider "proxy" (${join(h.project.root, '.codex', 'config.toml')}), which reads its key from PROXY_API_KEY, and PROXY_API_KEY is not set; set it in the environment or in a .env file next to .samocode`,
    );
    await expectNothingCreated(h);
  });

  it('lets claude behind ANTHROPIC_BASE_URL with no credential it can see run, warning; the first attempt decides', async () => {
    const h = await makeCliProject([[{ do: 'signal', content: { status: 'continue' } }]]);
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'gw', '--once'], {
      env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/gateway' },
    });
    expect(run.stderr).toContain(
      'warn claude has no credential samocode can see, but ANTHROPIC_BASE_URL sends it to http://127.0.0.1:9/gateway',
    );
    // The fake claude is not logged in: the first attempt fails as fatal at once, without retries.
    expect(run.exitCode).toBe(12);
    expect(run.stderr).toContain('Not logged in');
    expect(readInvocations(h.script)).toHaveLength(1);
  });

  it.each([
    ['-x', "a git branch cannot start with '-'"],
    ['a..b', "a git branch cannot contain '..'"],
    ['x.lock', "no part of a git branch can end with '.lock'"],
    ['HEAD', "'HEAD' is reserved by git"],
    ['y'.repeat(250), 'it is 250 characters long, the limit is 100'],
  ])('--session %s exits 2 before git is asked (%s), creating nothing', async (name, why) => {
    const h = await makeCliProject();
    const run = await h.samocode(['run', '--config', h.project.configPath, `--session=${name}`]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cannot start the run, 1 problem (nothing was created)');
    expect(run.stderr).toContain(why);
    await expectNothingCreated(h);
  });

  it('--session main, checked out in MAIN_REPO, is refused up front with what to do', async () => {
    const h = await makeCliProject();
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'main']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `branch "main" is already checked out in ${h.project.mainRepo}, and git checks a branch out in one place only; choose another --session name, or set GIT_BRANCH_PREFIX`,
    );
    expect(run.stderr).not.toContain('worktree prune');
    await expectNothingCreated(h);
  });

  it('an existing branch is used as it is, and the run says so', async () => {
    const h = await makeCliProject([
      [{ do: 'signal', content: { status: 'continue', phase: 'investigation' } }],
    ]);
    await git(h.project.mainRepo, 'branch', 'feature-x');
    await git(h.project.mainRepo, 'commit', '--allow-empty', '-q', '-m', 'on main only');
    const run = await h.samocode([
      'run',
      '--config',
      h.project.configPath,
      '--session',
      'feature-x',
      '--once',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(
      'branch feature-x already existed, so the session works on it as it is (it was not created from the current branch)',
    );
    const [folder] = readdirSync(h.project.worktrees);
    const worktree = join(h.project.worktrees, folder ?? '');
    expect(await git(worktree, 'branch', '--show-current')).toBe('feature-x');
    expect(await git(worktree, 'log', '--format=%s')).toBe('initial');
  });
});
