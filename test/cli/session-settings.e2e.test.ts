/**
 * The session keeps its settings: a session started with flags and continued with the command
 * samocode prints (no flags) runs with every one of them. Each test observes one setting's effect
 * through the built bin and the fake CLIs (their recorded argv and prompt, the cap blocking, the
 * verify command running, the fallback, the approval gate). Integration tier.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFakeLog } from '../helpers/fake-log.js';
import { BIN, FAKE_CODEX, makeCliProject, ROOT } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const TASK = 'Add a login form';
const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const go = (phase: string, summary = `to ${phase}`) => [signal({ status: 'continue', phase, summary })];
const stop = [signal({ status: 'blocked', reason: 'stop here', needs: 'human_decision' })];

/** The first run's flags, as the issue gives them; a test may replace one value. */
function startFlags(over: { maxCost?: string; verify?: string; timeout?: string } = {}): string[] {
  return [
    '--task',
    TASK,
    '--model',
    'sonnet',
    '--timeout',
    over.timeout ?? '120',
    '--max-cost',
    over.maxCost ?? '0.02',
    '--verify',
    over.verify ?? 'true',
    '--fallback-provider',
    'codex',
    '--auto-approve',
  ];
}

const InvocationSchema = z.object({ cli: z.string(), argv: z.array(z.string()), prompt: z.string() });

async function setUp(calls: unknown[], env: Record<string, string> = {}) {
  const cli = await makeCliProject(calls);
  const allEnv = { ...cli.env, CODEX_PATH: FAKE_CODEX, CODEX_API_KEY: 'sk-fake-codex', ...env };
  const samocode = (args: readonly string[]) =>
    execa('node', [BIN, ...args], {
      cwd: ROOT,
      env: allEnv,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
  const start = (flags: readonly string[]) =>
    samocode(['run', '--config', cli.project.configPath, '--session', 'login', ...flags]);
  const invocations = () => readFakeLog(cli.script).map((line) => InvocationSchema.parse(line));
  const sessionDir = () => join(cli.project.sessions, readdirSync(cli.project.sessions)[0] ?? 'none');
  return { ...cli, samocode, start, invocations, sessionDir };
}

/** The arguments of the `samocode run …` command a run printed as its next step. */
function printedRun(stderr: string): string[] {
  const match = /(?:continue with|then run|run again): samocode (run --config \S+ --session \S+)/.exec(
    stderr,
  );
  if (!match?.[1]) throw new Error(`no "samocode run" command in:\n${stderr}`);
  return match[1].split(' ');
}

const argOf = (argv: readonly string[], flag: string) => argv[argv.indexOf(flag) + 1];

describe('a session keeps the settings it was started with (fake CLIs, real git) [slow]', () => {
  it('keeps the model, the timeout and the task: the continued run gives them to the provider', async () => {
    const h = await setUp([[{ do: 'outcome', kind: 'auth' }], go('investigation'), stop, stop]);
    const first = await h.start(startFlags());
    expect(first.exitCode).toBe(12);

    const again = await h.samocode(printedRun(first.stderr));
    expect(again.exitCode).toBe(11);
    const [, rerun, next] = h.invocations();
    // The model and the time limit reach every iteration; the task reaches the first, run again after the failure.
    expect(argOf(rerun?.argv ?? [], '--model')).toBe('sonnet');
    expect(argOf(next?.argv ?? [], '--model')).toBe('sonnet');
    expect(rerun?.prompt).toContain('- Time limit: 120 seconds');
    expect(next?.prompt).toContain('- Time limit: 120 seconds');
    expect(rerun?.prompt).toContain(`Task: ${TASK}`);
    expect(again.stderr).not.toContain('changed by this run');

    const status = JSON.parse(
      (await h.samocode(['status', '--json', ...printedRun(first.stderr).slice(1)])).stdout,
    );
    expect(status.settings.values['claude.model']).toEqual({
      value: 'sonnet',
      source: 'flag',
      variable: 'CLAUDE_MODEL',
    });
    expect(status.settings.values.verify).toEqual({ value: 'true', source: 'flag', variable: 'VERIFY' });
    expect(status.settings.values.retryDelay).toEqual({
      value: '0',
      source: 'environment',
      variable: 'SAMOCODE_RETRY_DELAY',
    });

    const ls = JSON.parse((await h.samocode(['ls', '--config', h.project.configPath, '--json'])).stdout);
    expect(ls.sessions[0].settings.values['claude.model'].value).toBe('sonnet');

    // A flag given to a later run changes the setting, is said, and is recorded with the change.
    const changed = await h.samocode([...printedRun(first.stderr), '--model', 'haiku']);
    expect(changed.stderr).toContain('claude.model: sonnet → haiku, changed by this run (--model)');
    expect(argOf(h.invocations()[3]?.argv ?? [], '--model')).toBe('haiku');
    const record = JSON.parse(readFileSync(join(h.sessionDir(), '_settings.json'), 'utf8'));
    expect(record.changes).toEqual([
      { time: expect.any(String), key: 'claude.model', from: 'sonnet', to: 'haiku', by: 'flag' },
    ]);
  });

  it('keeps the cost cap: the continued run blocks before the iteration that would pass it', async () => {
    // Each call makes two tool calls, $0.0112 at the fake's $0.0056 each: a second would pass $0.02.
    const write = (path: string) => ({ do: 'write', path, content: path });
    const h = await setUp([[write('a'), ...go('investigation')], [write('b'), ...go('requirements')], stop]);
    const first = await h.start(startFlags());
    expect(first.exitCode).toBe(11);
    expect(h.invocations()).toHaveLength(1);

    const again = await h.samocode(printedRun(first.stderr));
    expect(again.exitCode).toBe(11);
    expect(again.stderr).toMatch(
      /blocked in investigation: the next iteration would pass the session cost cap \(\$0\.01 spent of \$0\.02;/,
    );
    expect(h.invocations()).toHaveLength(1);
    // `ls` shows the session with its own cap (the project has none): the same grant as `status`.
    const status = JSON.parse(
      (await h.samocode(['status', '--json', ...printedRun(first.stderr).slice(1)])).stdout,
    );
    const ls = JSON.parse((await h.samocode(['ls', '--config', h.project.configPath, '--json'])).stdout);
    expect(status.view.next.command).toContain('--grant cost=');
    expect(ls.sessions[0].continueWith).toBe(status.view.next.command);

    // --grant tops up the recorded cap (a cap the session did not keep could not be topped up).
    const granted = await h.samocode([...printedRun(first.stderr), '--grant', 'cost=0.02', '--once']);
    expect(granted.exitCode).toBe(0);
    expect(h.invocations()).toHaveLength(2);
  });

  /** init → … → done in one call each; planning waits for approval, which only auto-approval crosses. */
  const toDone = [
    go('investigation'),
    go('requirements'),
    go('planning'),
    [signal({ status: 'waiting', for: 'plan_approval', summary: 'plan ready' })],
    [
      {
        do: 'shell',
        command:
          'echo work > work.txt && git add work.txt && git -c user.name=agent -c user.email=agent@example.com commit -qm work',
      },
      ...go('testing'),
    ],
    go('done'),
    [signal({ status: 'done', summary: 'all done' })],
  ];

  it('keeps auto-approval and the verify command: the continued run crosses the gate and runs the check', async () => {
    const h = await setUp(toDone);
    const marker = join(h.project.root, 'verify-ran.txt');
    const first = await h.start([...startFlags({ maxCost: '5', verify: `echo ran >> ${marker}` }), '--once']);
    expect(first.exitCode).toBe(0);

    const again = await h.samocode(printedRun(first.stderr));
    expect(again.exitCode).toBe(0);
    // Without auto-approval the run would stop at the gate (exit 10) after the planning iteration.
    expect(h.invocations()).toHaveLength(7);
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    expect(again.stderr).toMatch(/complete, verified: `echo ran >> .*verify-ran.txt` passed/);
  });

  it('keeps the fallback provider: the continued run moves a long usage limit to codex', async () => {
    const h = await setUp(
      [go('investigation'), [{ do: 'outcome', kind: 'usage_limit', resetsIn: 3600 }], stop],
      // Without the fallback, a limit that resets in an hour would fail the session at once.
      { SAMOCODE_MAX_SUSPEND: '60' },
    );
    const first = await h.start([...startFlags(), '--once']);
    expect(first.exitCode).toBe(0);

    const again = await h.samocode(printedRun(first.stderr));
    expect(again.exitCode).toBe(11);
    expect(h.invocations().map((invocation) => invocation.cli)).toEqual(['claude', 'claude', 'codex']);
  });

  it('reports a VERIFY the agent appends to .samocode and does not apply it', async () => {
    const h = await setUp([]);
    // The agent reaches the project's .samocode from its worktree and loosens its own checks.
    const loosen = `printf '\\nVERIFY=true\\nSAMOCODE_MAX_COST_USD=1000\\n' >> ${h.project.configPath}`;
    writeFileSync(
      h.script,
      JSON.stringify({
        calls: [[{ do: 'shell', command: loosen }, ...go('investigation')], ...toDone.slice(1)],
      }),
    );
    const marker = join(h.project.root, 'verify-ran.txt');
    const verify = `echo ran >> ${marker}`;
    const first = await h.start([...startFlags({ maxCost: '5', verify }), '--once']);
    expect(first.exitCode).toBe(0);
    expect(readFileSync(h.project.configPath, 'utf8')).toContain('VERIFY=true');

    const again = await h.samocode(printedRun(first.stderr));
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain(
      `VERIFY in .samocode is now 'true' but this session keeps '${verify}'; pass --verify true to change it`,
    );
    expect(again.stderr).toContain(
      "SAMOCODE_MAX_COST_USD in .samocode is now '1000' but this session keeps '5'; pass --max-cost 1000 to change it",
    );
    expect(again.stderr).not.toContain('unknown key');
    // The session's own verify command ran, not `true`.
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    const status = JSON.parse(
      (await h.samocode(['status', '--json', ...printedRun(first.stderr).slice(1)])).stdout,
    );
    expect(status.settings.values.verify.value).toBe(verify);
    expect(status.settings.notApplied).toHaveLength(2);
  });

  it('records the current settings of a session that ran before settings were recorded, and says so', async () => {
    const h = await setUp([go('investigation'), stop]);
    const first = await h.start(['--once']);
    expect(first.exitCode).toBe(0);
    rmSync(join(h.sessionDir(), '_settings.json'));
    const args = printedRun(first.stderr).slice(1);

    const before = await h.samocode(['status', ...args]);
    expect(before.stdout).toContain('settings: not recorded yet; the next run records the current ones');
    expect(JSON.parse((await h.samocode(['status', '--json', ...args])).stdout).settings).toEqual({
      isRecorded: false,
      file: join(h.sessionDir(), '_settings.json'),
      note: 'not recorded yet; the next run records the current ones',
    });

    const again = await h.samocode(printedRun(first.stderr));
    expect(again.exitCode).toBe(11);
    expect(again.stderr).toContain(
      'this session had no recorded settings; recorded the current ones: provider claude, claude.model opus, retryDelay 0, killGrace 1 (the rest are defaults; samocode status lists them all)',
    );
    const after = JSON.parse((await h.samocode(['status', '--json', ...args])).stdout).settings;
    expect(after).toMatchObject({ isRecorded: true, origin: 'adopted' });
    expect(after.values.killGrace).toEqual({
      value: '1',
      source: 'environment',
      variable: 'SAMOCODE_KILL_GRACE',
    });
  });
});
