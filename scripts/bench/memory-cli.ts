/**
 * (d) Memory, the way a user runs it: `node dist/src/cli/bin.js run` (no tsx) in a temp git project,
 * the fake claude flooding `bytes` of stream-json in one iteration, then blocking. The peak is the
 * highest VmHWM read from /proc/<pid>/status while samocode runs (sampled every 50 ms).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_CLAUDE } from './bench-session.js';
import { DIST_BIN } from './startup.js';

export interface CliMemory {
  readonly bytes: number;
  readonly peakKb: number;
  readonly exitCode: number | null;
  readonly wallMs: number;
}

function readHwmKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match?.[1] ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function measureCliPeak(bytes: number): Promise<CliMemory> {
  const root = mkdtempSync(join(tmpdir(), 'samocode-bench-mem-'));
  try {
    for (const dir of ['repo', 'worktrees', 'sessions']) mkdirSync(join(root, dir));
    const repo = join(root, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    execFileSync(
      'git',
      ['-c', 'user.email=b@example.com', '-c', 'user.name=b', 'commit', '-q', '--allow-empty', '-m', 'init'],
      {
        cwd: repo,
      },
    );
    const config = join(root, '.samocode');
    writeFileSync(config, `MAIN_REPO=${repo}\nWORKTREES=${root}/worktrees\nSESSIONS=${root}/sessions\n`);
    const script = join(root, 'scenario.json');
    writeFileSync(
      script,
      JSON.stringify({
        steps: [
          { do: 'flood', bytes },
          {
            do: 'signal',
            content: { status: 'blocked', reason: 'the bench is over', needs: 'human_decision' },
          },
        ],
      }),
    );
    const started = performance.now();
    const child = spawn(process.execPath, [DIST_BIN, 'run', '--config', config, '--session', 'mem'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        SAMOCODE_LOG_DIR: join(root, 'logs'),
        CLAUDE_PATH: FAKE_CLAUDE,
        IS_SANDBOX: '1',
        ANTHROPIC_API_KEY: 'sk-bench-not-a-real-key',
        FAKE_PROVIDER_SCRIPT: script,
        NO_COLOR: '1',
      },
      stdio: 'ignore',
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not start samocode');
    let peakKb = 0;
    const timer = setInterval(() => {
      peakKb = Math.max(peakKb, readHwmKb(pid) ?? 0);
    }, 50);
    const exitCode = await new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    clearInterval(timer);
    return { bytes, peakKb, exitCode, wallMs: performance.now() - started };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
