/**
 * A build (or an upgrade) while a session runs from the same package: the run must have loaded all
 * it needs at start, and the build must never leave the bin half there. A copy of the package in a
 * temp folder is built and run, so this checkout's builds are not touched. Integration tier.
 */
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { pollUntil } from '../helpers/processes.js';
import { makeCliProject, ROOT, readInvocations } from '../helpers/samocode-cli.js';
import { startFakeTelegram } from '../helpers/telegram-server.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  removeTempTrees();
});

/** The files a user's checkout builds from, copied; node_modules linked. */
function copyPackage(): string {
  const pkg = makeTempTree({}, 'samocode-pkg-');
  for (const entry of [
    'package.json',
    'workflow.md',
    'agents',
    'skills',
    'src',
    'machines',
    'scripts/build.mjs',
  ])
    cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  return pkg;
}

const build = (pkg: string, ...args: string[]) =>
  execa('node', ['scripts/build.mjs', ...args], { cwd: pkg, reject: false, timeout: 180_000 });

describe('building while a session runs [slow: two builds]', { timeout: 300_000 }, () => {
  it('a run whose package files are replaced mid-session ends as it would have, and still notifies', async () => {
    const pkg = copyPackage();
    expect((await build(pkg)).exitCode).toBe(0);
    const telegram = await startFakeTelegram('ok');
    servers.push(telegram);
    const blocked = { status: 'blocked', reason: 'waits for the rebuild', needs: 'human_decision' };
    const h = await makeCliProject([
      [
        { do: 'waitFile', path: 'GO' },
        { do: 'signal', content: blocked },
      ],
    ]);
    const run = execa(
      'node',
      [join(pkg, 'dist/src/cli/bin.js'), 'run', '--config', h.project.configPath, '--session', 'rebuilt'],
      {
        cwd: ROOT,
        env: {
          ...h.env,
          TELEGRAM_BOT_TOKEN: '123456789:AAFakeTokenForTheRebuildTest0123456789',
          TELEGRAM_CHAT_ID: '42',
          TELEGRAM_API_BASE: telegram.apiBase,
        },
        extendEnv: false,
        reject: false,
      },
    );
    const workDir = await pollUntil(
      () => readInvocations(h.script)[0]?.cwd,
      'the provider to start',
      120_000,
    );
    // What an upgrade or a build does to the files of the running version: they are gone.
    rmSync(join(pkg, 'dist'), { recursive: true, force: true });
    writeFileSync(join(workDir, 'GO'), '');
    const end = await run;
    expect(end.stderr).not.toContain('Cannot find module');
    expect(end.stderr).not.toContain('internal error');
    expect(end.exitCode).toBe(11);
    await telegram.waitForRequests(1, 60_000);
    expect(telegram.requests[0]?.body).toContain('blocked');
  });

  it('builds into a new folder and swaps it in, leaving nothing behind; an output folder may be named', async () => {
    const pkg = copyPackage();
    expect((await build(pkg)).exitCode).toBe(0);
    expect((await build(pkg)).exitCode).toBe(0);
    expect(
      readdirSync(pkg)
        .filter((entry) => entry.startsWith('dist'))
        .sort(),
    ).toEqual(['dist']);
    const version = await execa('node', [join(pkg, 'dist/src/cli/bin.js'), '--version']);
    expect(version.stdout).toBe(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version);
    expect((await build(pkg, 'dist-test')).exitCode).toBe(0);
    expect(
      readdirSync(pkg)
        .filter((entry) => entry.startsWith('dist'))
        .sort(),
    ).toEqual(['dist', 'dist-test']);
    const status = await execa('node', [join(pkg, 'dist-test/src/cli/bin.js'), '--help']);
    expect(status.stdout).toContain('Usage: samocode');
    expect((await build(pkg, '../elsewhere')).exitCode).not.toBe(0);
  });
});
