/**
 * The right model for each phase, through the built bin and the fake CLIs: every call's `--model`
 * (`-m` for codex) is read from the fake's invocation log. The phase map is applied per phase,
 * kept by the session, changed by a later flag; the fallback runs its own map; an escalation runs
 * once per visit on the escalation model and is shown by `status` and the history. Integration tier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFakeLog } from '../helpers/fake-log.js';
import { BIN, FAKE_CODEX, makeCliProject, ROOT } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const go = (phase: string) => [signal({ status: 'continue', phase, summary: `to ${phase}` })];
const stop = [signal({ status: 'blocked', reason: 'stop here', needs: 'human_decision' })];

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
  const session = ['--config', cli.project.configPath, '--session', 'login'];
  const run = (flags: readonly string[]) => samocode(['run', ...session, ...flags]);
  const invocations = () => readFakeLog(cli.script).map((line) => InvocationSchema.parse(line));
  /** The model each call ran on, in call order. */
  const models = () =>
    invocations().map(({ cli: name, argv }) => {
      const flag = name === 'codex' ? '-m' : '--model';
      return argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : 'default';
    });
  const sessionDir = () => join(cli.project.sessions, readdirSync(cli.project.sessions)[0] ?? 'none');
  return { ...cli, samocode, session, run, invocations, models, sessionDir };
}

const TASK = ['--task', 'Add a login form', '--auto-approve'];

describe('phase models and one escalation before a block (fake CLIs, real git) [slow]', () => {
  it('runs each phase on its model, keeps the map on a continue and changes it with a later flag', async () => {
    const h = await setUp([go('investigation'), stop, stop, stop]);
    const routing = [
      '--model',
      'sonnet',
      '--phase-model',
      'init=haiku',
      '--phase-model',
      'investigation=opus',
    ];
    const first = await h.run([...TASK, ...routing]);
    expect(first.exitCode).toBe(11);
    expect(h.models()).toEqual(['haiku', 'opus']);
    expect(first.stderr).toContain('phase models init=haiku,investigation=opus');

    // Continued with no flags: the session's map, not the CLI's default or --model.
    const again = await h.run([]);
    expect(again.exitCode).toBe(11);
    expect(h.models()[2]).toBe('opus');
    expect(again.stderr).not.toContain('changed by this run');

    // A later flag changes one phase, says so, and the next call runs on it.
    const changed = await h.run(['--phase-model', 'investigation=sonnet']);
    expect(changed.exitCode).toBe(11);
    expect(changed.stderr).toMatch(
      /phaseModels: .*investigation=opus.* → .*investigation=sonnet.*changed by this run \(--phase-model\)/,
    );
    expect(h.models()[3]).toBe('sonnet');

    const status = JSON.parse((await h.samocode(['status', '--json', ...h.session])).stdout);
    expect(status.view.models.perPhase).toMatchObject({
      init: 'haiku',
      investigation: 'sonnet',
      planning: 'sonnet',
    });
    const ls = await h.samocode(['ls', '--config', h.project.configPath]);
    expect(ls.stdout).toMatch(/login\S*\s+human: blocked\s+investigation\s+sonnet\s/);
  });

  it('runs the fallback provider on its own phase map', async () => {
    const h = await setUp(
      [go('investigation'), [{ do: 'outcome', kind: 'usage_limit', resetsIn: 3600 }], stop],
      { SAMOCODE_MAX_SUSPEND: '60' },
    );
    const first = await h.run([
      ...TASK,
      '--model',
      'sonnet',
      '--phase-model',
      'investigation=opus',
      '--fallback-provider',
      'codex',
      '--fallback-phase-model',
      'investigation=gpt-5-mini',
    ]);
    expect(first.exitCode).toBe(11);
    expect(h.invocations().map((call) => call.cli)).toEqual(['claude', 'claude', 'codex']);
    expect(h.models()).toEqual(['sonnet', 'opus', 'gpt-5-mini']);
  });

  it('escalates once in a visit: the escalated iteration runs on the escalation model with the reason; a second block blocks', async () => {
    // No signal from any call: each iteration is an attempt and its reminder.
    const h = await setUp([[]]);
    const result = await h.run([...TASK, '--model', 'sonnet', '--escalate-model', 'opus']);
    expect(result.exitCode).toBe(11);
    expect(h.models()).toEqual(['sonnet', 'sonnet', 'opus', 'opus']);
    expect(h.invocations()[2]?.prompt).toContain('without writing _signal.json');
    expect(h.invocations()[1]?.prompt).not.toContain('escalat');
    expect(result.stderr).toContain('init: escalating once to opus');

    const rows = readFileSync(join(h.sessionDir(), '_signal_history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => row.escalation?.cause)).toEqual([undefined, 'no-signal']);
    expect(rows[1]).toMatchObject({ model: 'opus', sourcePhase: 'init' });

    const status = await h.samocode(['status', ...h.session]);
    expect(status.stdout).toContain('models: every phase sonnet; escalation opus');
    expect(status.stdout).toMatch(/escalated: iteration 2 in init ran on opus: the agent ended its attempts/);
  });
});

describe('samocode plan with phase models (fake claude, real git) [slow]', () => {
  it('prices each phase at its model with the escalations, and the total is the sum of the phases', async () => {
    const h = await setUp([], {
      CLAUDE_MODEL: 'sonnet',
      SAMOCODE_PHASE_MODELS: 'init=haiku,planning=opus',
      SAMOCODE_ESCALATE_MODEL: 'opus',
    });
    const plan = await h.samocode(['plan', ...h.session]);
    expect(plan.exitCode).toBe(0);
    const lines = plan.stdout.split('\n');
    // No history yet: 200k in / 20k out tokens an attempt, 3 attempts an iteration.
    // haiku ($1/$5): 3 × (0.2 + 0.1) = $0.90 an iteration; opus ($15/$75): 3 × (3 + 1.5) = $13.50.
    expect(lines).toContain('    init 4 × haiku + 1 × opus (escalation) $17.10');
    const total = Number(/cost at the models' prices: at most \$([\d.]+)/.exec(plan.stdout)?.[1]);
    const phases = lines.flatMap((line) => {
      const match = /^ {4}\w+ .* \$([\d.]+)$/.exec(line);
      return match?.[1] ? [Number(match[1])] : [];
    });
    expect(phases).toHaveLength(8);
    // The start of a run says the same total.
    const run = await h.run(['--task', 'Add a login form', '--once']);
    expect(run.stderr).toContain(
      `at the models' prices the worst case costs at most $${total.toFixed(2)} (an estimate`,
    );
    expect(Math.abs(phases.reduce((sum, cost) => sum + cost, 0) - total)).toBeLessThanOrEqual(
      0.005 * phases.length,
    );

    const json = JSON.parse((await h.samocode(['plan', '--json', ...h.session])).stdout);
    const perPhase: { costUsd: number }[] = json.cost.perPhase;
    expect(json.cost.totalUsd).toBeCloseTo(
      perPhase.reduce((sum, phase) => sum + phase.costUsd, 0),
      9,
    );
  });
});
