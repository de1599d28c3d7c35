/** `samocode dashboard` as a user starts it: the port it is given, and a port that is taken. Integration tier. */
import { createServer, type Server } from 'node:net';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
  removeTempTrees();
});

function dashboard(args: readonly string[], env: Record<string, string> = {}) {
  const project = makeProject();
  return execa('node', [SAMOCODE_BIN, 'dashboard', '--config', project.configPath, ...args], {
    cwd: ROOT,
    env: { HOME: project.root, PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', ...env },
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
}

describe('samocode dashboard [slow]', { timeout: 150_000 }, () => {
  it('names --port when the flag is out of range', async () => {
    const run = await dashboard(['--port', '70000']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--port is "70000"');
    expect(run.stderr).not.toContain('SAMOCODE_INSPECT_PORT');
  });

  it('names SAMOCODE_DASHBOARD_PORT when the variable is not a port', async () => {
    const run = await dashboard([], { SAMOCODE_DASHBOARD_PORT: 'eighty' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('SAMOCODE_DASHBOARD_PORT is "eighty"');
    expect(run.stderr).not.toContain('SAMOCODE_INSPECT_PORT');
  });

  it('says the port is taken and how to pick another (exit 2, no internal error)', async () => {
    const server = createServer();
    blocker = server;
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      }),
    );
    const run = await dashboard(['--port', String(port)]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is taken`);
    expect(run.stderr).toContain('--port');
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).not.toContain('EADDRINUSE');
  });
});
