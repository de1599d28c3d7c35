/**
 * `--push` to a remote that accepts the connection and never answers (a loopback TCP server behind
 * a `git://` URL), and a push the remote rejects: the real samocode CLI, a real git repo, the fake
 * claude taking the session to a claimed completion.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { SESSION_FILES } from '../../src/session/paths.js';
import { git } from '../helpers/git.js';
import { pollUntil } from '../helpers/processes.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const servers: Server[] = [];
afterEach(async () => {
  await stopSessionRuns();
  for (const server of servers.splice(0)) server.close();
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const TO_DONE = [
  [signal({ status: 'continue', phase: 'investigation' })],
  [signal({ status: 'continue', phase: 'requirements' })],
  [signal({ status: 'continue', phase: 'planning' })],
  [signal({ status: 'waiting', for: 'plan_approval' })],
  [signal({ status: 'continue', phase: 'testing' })],
  [signal({ status: 'continue', phase: 'done' })],
  [signal({ status: 'done', summary: 'finished' })],
];

/** A server that accepts every connection and never writes a byte; counts open connections. */
async function startSilentServer(): Promise<{ url: string; open: () => number; accepted: () => number }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Read (and drop) what git sends, so its end of the connection is seen.
    socket.resume();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `git://127.0.0.1:${port}/repo.git`, open: () => sockets.size, accepted: () => accepted };
}

/** Waits for a run with a deadline, so a hanging samocode fails the test instead of stalling it. */
async function settle<T>(run: Promise<T>, what: string): Promise<T> {
  let result: T | undefined;
  void run.then((value) => {
    result = value;
  });
  return pollUntil(() => result, what, 150_000);
}

describe('--push faults (fake claude, real git) [slow]', { timeout: 300_000 }, () => {
  it('a remote that never answers ends with a warning within the push timeout', async () => {
    const h = await makeSessionCli('psh', TO_DONE, { env: { SAMOCODE_PUSH_TIMEOUT: '3' } });
    const remote = await startSilentServer();
    await git(h.project.mainRepo, 'remote', 'add', 'origin', remote.url);
    const run = await settle(h.samocode('run', '--auto-approve', '--push'), 'the run to end');
    expect(run.exitCode, String(run.stderr)).toBe(EXIT.complete);
    expect(remote.accepted()).toBe(1);
    expect(String(run.stderr)).toContain(
      `--push: git push to origin (${remote.url}) gave no answer within 3 s; push the branch yourself: git -C ${h.project.mainRepo} push origin psh`,
    );
    await pollUntil(() => (remote.open() === 0 ? true : undefined), 'git to close its connection', 60_000);
  });

  it('Ctrl-C during a push that never answers exits 130 at once and releases the lock', async () => {
    const h = await makeSessionCli('psh', TO_DONE);
    const remote = await startSilentServer();
    await git(h.project.mainRepo, 'remote', 'add', 'origin', remote.url);
    const child = h.samocode('run', '--auto-approve', '--push');
    await pollUntil(() => (remote.accepted() > 0 ? true : undefined), 'the push to connect', 150_000);
    child.kill('SIGINT');
    const run = await settle(child, 'the run to end after Ctrl-C');
    expect(run.exitCode, String(run.stderr)).toBe(EXIT.interrupted);
    expect(String(run.stderr)).toContain('--push: interrupted; the branch was not pushed');
    expect(existsSync(join(h.sessionDir(), SESSION_FILES.lock))).toBe(false);
    await pollUntil(() => (remote.open() === 0 ? true : undefined), 'git to close its connection', 60_000);
  });

  it('a push the remote rejects says why once, without git’s remote: prefixes', async () => {
    const h = await makeSessionCli('psh', TO_DONE);
    const bare = join(h.project.root, 'origin.git');
    await git(h.project.root, 'init', '-q', '--bare', bare);
    const { writeFileSync, chmodSync } = await import('node:fs');
    const hook = join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "remote: branch names must start with feature/" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    await git(h.project.mainRepo, 'remote', 'add', 'origin', bare);
    const run = await settle(h.samocode('run', '--auto-approve', '--push'), 'the run to end');
    expect(run.exitCode, String(run.stderr)).toBe(EXIT.complete);
    const warning = String(run.stderr)
      .split('\n')
      .find((line) => line.includes('--push:'));
    expect(warning).toContain(
      `--push: origin (${bare}) rejected branch psh: branch names must start with feature/ (pre-receive hook declined)`,
    );
    expect(warning).not.toContain('remote:');
  });
});
