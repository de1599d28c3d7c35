/**
 * Provider fallback end to end: a real `samocode run` with the fake claude and codex. claude hits a
 * usage limit that resets 20 s ahead (the threshold is 5 s): the iteration goes on on codex, and the
 * first attempt after the reset runs claude again. The test waits for facts (the codex invocation,
 * the reset time from claude's own log), never for a fixed time.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXIT } from '../../src/exit-codes.js';
import { readHistory } from '../../src/session/history.js';
import {
  BIN,
  FACT_DEADLINE_MS,
  type FaultProject,
  makeFaultProject,
  REPO_ROOT,
  type RunningSamocode,
  runArgs,
  startSamocode,
  writeScenario,
} from '../faults/harness.js';
import { readFakeLog } from '../helpers/fake-log.js';
import { pollUntil } from '../helpers/processes.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const FAKE_CODEX = join(REPO_ROOT, 'test/fixtures/bin/codex');
const RESETS_IN_S = 20;
const running: RunningSamocode[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    run.child.kill('SIGKILL');
    await run.done;
  }
  removeTempTrees();
});

const InvocationSchema = z.object({ call: z.number(), cli: z.string() });
const invocations = (project: FaultProject) =>
  readFakeLog(project.scenario).map((line) => InvocationSchema.parse(line).cli);

const RateLimitSchema = z.object({
  type: z.literal('rate_limit_event'),
  rate_limit_info: z.object({ resetsAt: z.number() }),
});
/** The reset time (epoch s) claude printed in its usage-limit attempt's log. */
function readResetsAt(sessionDir: string): number | undefined {
  const log = join(sessionDir, '_logs', '001-init-a1.jsonl');
  if (!existsSync(log)) return undefined;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    try {
      const parsed = RateLimitSchema.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data.rate_limit_info.resetsAt;
    } catch {
      // Not JSON: claude prints only JSON lines, but a torn last line may be mid-write.
    }
  }
  return undefined;
}

const StatusSchema = z.object({
  providers: z.object({
    primary: z.string(),
    fallback: z.string().optional(),
    current: z.string(),
    primaryLimitedUntil: z.string().optional(),
  }),
  lastSignal: z.object({ provider: z.string(), isFallback: z.boolean() }).optional(),
});

describe('provider fallback with the fake CLIs', () => {
  it('continues a usage-limited claude session on codex and returns to claude after the reset', async () => {
    const project = makeFaultProject();
    const release = join(project.root, 'codex-may-finish');
    writeScenario(project, [
      [{ do: 'outcome', kind: 'usage_limit', resetsIn: RESETS_IN_S }],
      [
        { do: 'waitFile', path: release },
        { do: 'signal', content: { status: 'continue', phase: 'investigation', summary: 'by codex' } },
      ],
      [{ do: 'signal', content: { status: 'blocked', reason: 'stop here', needs: 'human_decision' } }],
    ]);
    const env = {
      CODEX_PATH: FAKE_CODEX,
      CODEX_API_KEY: 'sk-fake-codex',
      SAMOCODE_FALLBACK_PROVIDER: 'codex',
      SAMOCODE_FALLBACK_AFTER: '5',
    };
    const run = startSamocode(project, runArgs(project), { env });
    running.push(run);

    // codex runs the limited iteration (the fake waits for our release).
    await pollUntil(
      () => (invocations(project).length >= 2 ? true : undefined),
      'the codex invocation',
      FACT_DEADLINE_MS,
    );
    expect(invocations(project)).toEqual(['claude', 'codex']);
    const [folder] = readdirSync(project.sessions);
    const sessionDir = join(project.sessions, folder ?? '');
    const resetsAt = await pollUntil(() => readResetsAt(sessionDir), "claude's reset time", FACT_DEADLINE_MS);

    // `status` while codex runs: the fallback, until claude's reset.
    const status = await execa(
      process.execPath,
      [BIN, 'status', '--config', project.configPath, '--session', 'fault', '--json'],
      { cwd: REPO_ROOT, env: { ...project.env, ...env }, extendEnv: false, reject: false },
    );
    expect(status.exitCode).toBe(0);
    expect(StatusSchema.parse(JSON.parse(status.stdout)).providers).toEqual({
      primary: 'claude',
      fallback: 'codex',
      current: 'codex',
      primaryLimitedUntil: new Date(resetsAt * 1000).toISOString(),
    });

    // Release codex once claude's limit has reset: the next iteration must run claude.
    await pollUntil(
      () => (Date.now() >= resetsAt * 1000 ? true : undefined),
      "claude's reset",
      FACT_DEADLINE_MS,
    );
    writeFileSync(release, '');
    const end = await run.done;
    expect(end.code).toBe(EXIT.blocked);
    expect(invocations(project)).toEqual(['claude', 'codex', 'claude']);

    const rows = readHistory(join(sessionDir, '_signal_history.jsonl')).rows;
    expect(
      rows.map(({ sourcePhase, event, provider, fallback, attemptProviders, attempts }) => ({
        sourcePhase,
        event,
        provider,
        fallback,
        attemptProviders,
        attempts,
      })),
    ).toEqual([
      {
        sourcePhase: 'init',
        event: 'signal.continue',
        provider: 'codex',
        fallback: true,
        attemptProviders: ['claude', 'codex'],
        attempts: 2,
      },
      {
        sourcePhase: 'investigation',
        event: 'signal.blocked',
        provider: 'claude',
        fallback: undefined,
        attemptProviders: undefined,
        attempts: 1,
      },
    ]);
    expect(readdirSync(join(sessionDir, '_logs')).filter((name) => name.endsWith('.jsonl'))).toEqual([
      '001-init-a1-codex.jsonl',
      '001-init-a1.jsonl',
      '002-investigation-a1.jsonl',
    ]);

    const output = end.stdout + end.stderr;
    expect(output).toMatch(
      /primary claude is limited until (\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d); using codex/,
    );
    expect(output).toContain('init: iteration 1 attempt 1 of 2 on codex (fallback) started');
    expect(output).toContain("primary claude's usage limit has reset; back to claude from codex");
    const overview = readFileSync(join(sessionDir, '_overview.md'), 'utf8');
    expect(overview).toMatch(
      /samocode: init\.running -> init\.running \(primary claude is limited until [^;]+; using codex\)/,
    );
    expect(overview).toContain(
      "samocode: init.running -> investigation.running (primary claude's usage limit has reset; back to claude from codex)",
    );

    const after = await execa(
      process.execPath,
      [BIN, 'status', '--config', project.configPath, '--session', 'fault'],
      { cwd: REPO_ROOT, env: { ...project.env, ...env }, extendEnv: false, reject: false },
    );
    expect(after.stdout).toContain('provider: claude (fallback: codex)');
    expect(after.stdout).toContain('; ran on claude)');
  }, 600_000);
});
