/**
 * `samocode doctor`: each check meets the real problem it names (a missing CLI, an untested
 * version, no credentials, root without IS_SANDBOX, no git, bad paths, an unwritable log folder,
 * Telegram down), created for real in temp dirs, on PATH and on loopback servers.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa, execaSync } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDoctorChecks } from '../../src/doctor/build-doctor-checks.js';
import type { DoctorCheck } from '../../src/doctor/doctor-check.js';
import { readDoctorFacts } from '../../src/doctor/read-doctor-facts.js';
import { initGitRepo } from '../helpers/git.js';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { startFakeTelegram } from '../helpers/telegram-server.js';
import { makeProject, makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FAKES = join(ROOT, 'test', 'fixtures', 'bin');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  removeTempTrees();
});

/** A PATH holding git and node but no provider CLI. */
function basePath(): string {
  const bin = makeTempTree({ 'bin/': '' });
  for (const tool of ['git', 'node']) {
    const found = execaSync('sh', ['-c', `command -v ${tool}`]).stdout.trim();
    writeFileSync(join(bin, 'bin', tool), `#!/bin/sh\nexec ${found} "$@"\n`);
    chmodSync(join(bin, 'bin', tool), 0o755);
  }
  return join(bin, 'bin');
}

async function doctor(env: Record<string, string>, options: { configPath?: string; uid?: number } = {}) {
  const home = makeTempTree();
  const facts = await readDoctorFacts({
    ...(options.configPath ? { configPath: options.configPath } : {}),
    env: { HOME: home, PATH: basePath(), SAMOCODE_LOG_DIR: join(home, 'logs'), IS_SANDBOX: '1', ...env },
    cwd: home,
    uid: options.uid ?? 1000,
  });
  const checks = buildDoctorChecks(facts);
  const byId = (id: string): DoctorCheck | undefined => checks.find((entry) => entry.id === id);
  return { checks, byId, home };
}

const fakeClaude = join(FAKES, 'claude');
const healthyClaude = { CLAUDE_PATH: fakeClaude, ANTHROPIC_API_KEY: 'sk-ant-test-key-000' };

function scriptCli(version: string): string {
  const dir = makeTempTree();
  const path = join(dir, 'claude');
  writeFileSync(path, `#!/bin/sh\necho "${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('doctor: the provider CLI', () => {
  it('fails when the CLI is not on PATH, naming the package to install', async () => {
    const { byId } = await doctor({ ANTHROPIC_API_KEY: 'sk-ant-test-key-000' });
    expect(byId('provider.cli')).toMatchObject({
      status: 'fail',
      message: 'claude CLI "claude" was not found on PATH',
      fix: expect.stringContaining('npm install -g @anthropic-ai/claude-code'),
    });
  });

  it('fails when CLAUDE_PATH is not an executable file', async () => {
    const { byId } = await doctor({ CLAUDE_PATH: '/nope/claude' });
    expect(byId('provider.cli')).toMatchObject({
      status: 'fail',
      message: 'claude CLI "/nope/claude" is not an executable file',
    });
  });

  it('passes a version inside the tested range and warns outside it', async () => {
    expect((await doctor(healthyClaude)).byId('provider.cli')).toMatchObject({
      status: 'ok',
      message: `claude 2.1.331 at ${fakeClaude} (tested: 2.1.197–2.1.332)`,
    });
    const newer = await doctor({ ...healthyClaude, CLAUDE_PATH: scriptCli('2.2.0 (Claude Code)') });
    expect(newer.byId('provider.cli')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('claude 2.2.0 at'),
    });
    expect(newer.byId('provider.cli')?.message).toContain('is outside the tested range 2.1.197–2.1.332');
  });

  it('warns when the CLI prints no version', async () => {
    const { byId } = await doctor({ ...healthyClaude, CLAUDE_PATH: scriptCli('hello') });
    expect(byId('provider.cli')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('did not print a version'),
    });
  });

  it('checks codex when it is the provider', async () => {
    const { byId } = await doctor({
      SAMOCODE_PROVIDER: 'codex',
      CODEX_PATH: join(FAKES, 'codex'),
      CODEX_API_KEY: 'sk-test-000000',
    });
    expect(byId('provider.cli')?.message).toBe(
      `codex 0.169.0 at ${join(FAKES, 'codex')} (tested: 0.169.0–0.171.0)`,
    );
    expect(byId('provider.auth')?.message).toBe(
      'CODEX_API_KEY is set: codex bills your OpenAI API account per token',
    );
  });
});

describe('doctor: the fallback provider', () => {
  it('checks nothing of a fallback that is not configured', async () => {
    const { checks } = await doctor(healthyClaude);
    expect(checks.filter((entry) => entry.id.startsWith('fallback.'))).toEqual([]);
  });

  it('fails a configured fallback whose CLI is missing and whose credentials are absent', async () => {
    const { byId } = await doctor({ ...healthyClaude, SAMOCODE_FALLBACK_PROVIDER: 'codex' });
    expect(byId('provider.cli')?.status).toBe('ok');
    expect(byId('fallback.cli')).toMatchObject({
      status: 'fail',
      message: 'fallback provider: codex CLI "codex" was not found on PATH',
      fix: expect.stringContaining('npm install -g @openai/codex'),
    });
    expect(byId('fallback.auth')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('fallback provider: codex has no credentials'),
    });
  });

  it('passes a fallback found with its credentials, from the .samocode file', async () => {
    const project = makeProject();
    writeFileSync(
      project.configPath,
      `MAIN_REPO=${project.mainRepo}\nWORKTREES=${project.worktrees}\nSESSIONS=${project.sessions}\nSAMOCODE_FALLBACK_PROVIDER=codex\nCODEX_PATH=${join(FAKES, 'codex')}\n`,
    );
    const { byId } = await doctor(
      { ...healthyClaude, CODEX_API_KEY: 'sk-test-000000' },
      { configPath: project.configPath },
    );
    expect(byId('fallback.cli')).toMatchObject({
      status: 'ok',
      message: `fallback provider: codex 0.169.0 at ${join(FAKES, 'codex')} (tested: 0.169.0–0.171.0)`,
    });
    expect(byId('fallback.auth')?.status).toBe('ok');
  });

  it('applies the root rule to a claude fallback', async () => {
    const { byId } = await doctor(
      {
        SAMOCODE_PROVIDER: 'codex',
        CODEX_PATH: join(FAKES, 'codex'),
        CODEX_API_KEY: 'sk-test-000000',
        SAMOCODE_FALLBACK_PROVIDER: 'claude',
        ...healthyClaude,
        IS_SANDBOX: '',
      },
      { uid: 0 },
    );
    expect(byId('provider.root')?.status).toBe('ok');
    expect(byId('fallback.root')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('IS_SANDBOX=1'),
    });
  });
});

describe('doctor: credentials and who pays', () => {
  it('fails when claude has no key, no token and no login', async () => {
    const { byId } = await doctor({ CLAUDE_PATH: fakeClaude });
    expect(byId('provider.auth')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('claude has no credentials'),
    });
  });

  it('says an API key bills per token and a login uses the subscription', async () => {
    expect((await doctor(healthyClaude)).byId('provider.auth')?.message).toContain(
      'bills your Anthropic API account per token',
    );
    const home = makeTempTree({ '.claude/.credentials.json': '{}' });
    const loggedIn = await doctor({ CLAUDE_PATH: fakeClaude, HOME: home });
    expect(loggedIn.byId('provider.auth')).toMatchObject({
      status: 'ok',
      message: `logged in (${join(home, '.claude', '.credentials.json')}): usage counts against your Claude subscription plan`,
    });
    const token = await doctor({ CLAUDE_PATH: fakeClaude, CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-x' });
    expect(token.byId('provider.auth')?.message).toContain('subscription plan');
  });

  it('fails codex with only OPENAI_API_KEY (codex exec ignores it) and accepts a ChatGPT login', async () => {
    const codex = { SAMOCODE_PROVIDER: 'codex', CODEX_PATH: join(FAKES, 'codex') };
    const ignored = await doctor({ ...codex, OPENAI_API_KEY: 'sk-openai-000000' });
    expect(ignored.byId('provider.auth')).toMatchObject({
      status: 'fail',
      message: 'codex has no credentials (OPENAI_API_KEY is set, but codex exec ignores it)',
    });
    const home = makeTempTree({ '.codex/auth.json': '{"OPENAI_API_KEY":null,"tokens":{"id_token":"x"}}' });
    const chatgpt = await doctor({ ...codex, HOME: home });
    expect(chatgpt.byId('provider.auth')?.message).toContain('logged in with ChatGPT');
  });
});

describe('doctor: root, git, paths, logs', () => {
  it('fails as root without IS_SANDBOX and passes with it', async () => {
    const refused = await doctor({ ...healthyClaude, IS_SANDBOX: '' }, { uid: 0 });
    expect(refused.byId('provider.root')).toMatchObject({
      status: 'fail',
      message: 'claude refuses --dangerously-skip-permissions as root, and IS_SANDBOX is empty',
      fix: 'set IS_SANDBOX=1 (in the environment, or in a .env file next to .samocode) if this machine is a sandbox, or run samocode as a normal user',
    });
    expect((await doctor(healthyClaude, { uid: 0 })).byId('provider.root')?.status).toBe('ok');
  });

  it('fails when git is not on PATH', async () => {
    const bin = makeTempTree({ 'bin/': '' });
    const { byId } = await doctor({ ...healthyClaude, PATH: join(bin, 'bin') });
    expect(byId('git')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('git was not found'),
    });
  });

  it('fails on a missing SESSIONS folder and warns when MAIN_REPO is not a git repository', async () => {
    const project = makeProject();
    const plain = await doctor(healthyClaude, { configPath: project.configPath });
    expect(plain.byId('config')?.status).toBe('ok');
    expect(plain.byId('paths.main_repo')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('is not a git repository'),
    });
    expect(plain.byId('paths.sessions')?.status).toBe('ok');
    writeFileSync(
      project.configPath,
      `MAIN_REPO=${project.mainRepo}\nWORKTREES=${project.worktrees}\nSESSIONS=${join(project.root, 'gone')}\n`,
    );
    const missing = await doctor(healthyClaude, { configPath: project.configPath });
    expect(missing.byId('config')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('SESSIONS'),
    });
  });

  it('fails when samocode cannot create files in WORKTREES', async () => {
    const project = makeProject();
    await initGitRepo(project.mainRepo);
    // /proc is a folder nobody (root included) can create files in.
    writeFileSync(
      project.configPath,
      `MAIN_REPO=${project.mainRepo}\nWORKTREES=/proc\nSESSIONS=${project.sessions}\n`,
    );
    const { byId } = await doctor(healthyClaude, { configPath: project.configPath });
    expect(byId('paths.main_repo')?.status).toBe('ok');
    expect(byId('paths.worktrees')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('WORKTREES /proc: cannot create files in /proc'),
    });
  });

  it('fails when the log folder cannot be created', async () => {
    const root = makeTempTree({ 'file.txt': 'x' });
    const { byId } = await doctor({ ...healthyClaude, SAMOCODE_LOG_DIR: join(root, 'file.txt', 'logs') });
    expect(byId('log.dir')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`${join(root, 'file.txt')} is not a folder`),
    });
  });
});

describe('doctor: Telegram (a 5 s check when configured)', () => {
  it('passes when the bot API answers and fails when it refuses or is unreachable', async () => {
    const telegram = await startFakeTelegram('ok');
    closers.push(() => telegram.close());
    const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij';
    const env = {
      ...healthyClaude,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_CHAT_ID: '42',
      TELEGRAM_API_BASE: telegram.apiBase,
    };
    expect((await doctor(env)).byId('telegram')?.status).toBe('ok');
    expect(telegram.requests.at(-1)?.url).toBe(`/bot${token}/getMe`);
    telegram.behaviour = 'bad-request';
    const refused = (await doctor(env)).byId('telegram');
    expect(refused).toMatchObject({ status: 'fail', message: expect.stringContaining('HTTP 400') });
    expect(JSON.stringify(refused)).not.toContain(token);
    await telegram.close();
    expect((await doctor(env)).byId('telegram')?.message).toContain('ECONNREFUSED');
  });

  it('asks the Bot API that TELEGRAM_API_URL names, as run does', async () => {
    const telegram = await startFakeTelegram('ok');
    closers.push(() => telegram.close());
    const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij';
    const env = {
      ...healthyClaude,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_CHAT_ID: '42',
      TELEGRAM_API_URL: telegram.apiBase,
    };
    expect((await doctor(env)).byId('telegram')?.status).toBe('ok');
    expect(telegram.requests.at(-1)?.url).toBe(`/bot${token}/getMe`);
  });

  it('fails when only one of token and chat id is set', async () => {
    const { byId } = await doctor({
      ...healthyClaude,
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij',
    });
    expect(byId('telegram')).toMatchObject({
      status: 'fail',
      message: 'TELEGRAM_CHAT_ID is missing, so no notification would be sent',
    });
  });
});

describe('samocode doctor (the command)', () => {
  it('exits 0 with every check passing and 2 when one fails; --json lists them', {
    timeout: 60_000,
  }, async () => {
    const project = makeProject();
    await initGitRepo(project.mainRepo);
    const home = makeTempTree();
    const env = {
      HOME: home,
      PATH: basePath(),
      SAMOCODE_LOG_DIR: join(home, 'logs'),
      IS_SANDBOX: '1',
      ...healthyClaude,
    };
    const run = (extra: Record<string, string>) =>
      execa('node', [SAMOCODE_BIN, 'doctor', '--config', project.configPath, '--json'], {
        cwd: ROOT,
        env: { ...env, ...extra },
        extendEnv: false,
        reject: false,
      });
    const good = await run({});
    expect(good.exitCode, String(good.stdout)).toBe(0);
    const report = JSON.parse(String(good.stdout));
    expect(report.healthy).toBe(true);
    expect(report.checks.map((entry: DoctorCheck) => entry.id)).toEqual([
      'config',
      'provider.cli',
      'provider.auth',
      'provider.root',
      'git',
      'paths.main_repo',
      'paths.worktrees',
      'paths.sessions',
      'log.dir',
      'telegram',
    ]);
    expect(String(good.stdout)).not.toContain('sk-ant-test-key-000');
    mkdirSync(join(home, 'x'));
    const bad = await run({ CLAUDE_PATH: '/nope/claude' });
    expect(bad.exitCode).toBe(2);
    expect(JSON.parse(String(bad.stdout)).healthy).toBe(false);
  });
});
