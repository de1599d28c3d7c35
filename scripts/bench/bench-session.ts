/** A throw-away session folder and a `runSession` over the bench provider, with budgets that never block. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { defaultSettings, type WorkflowSettings } from '../../machines/workflow.js';
import { createProviderActor } from '../../src/providers/actor.js';
import type { SessionPlace } from '../../src/providers/types.js';
import type { SessionObserver } from '../../src/runner/observer.js';
import { type RunResult, runSession } from '../../src/runner/run-session.js';

export const FAKE_CLAUDE = join(process.cwd(), 'test/fixtures/bin/claude');

export interface BenchSession {
  readonly root: string;
  readonly sessionDir: string;
  readonly workDir: string;
  readonly script: string;
  readonly env: Record<string, string>;
  remove(): void;
}

/** `calls`: the fake's scenario, one list of steps per call (the last one repeats). */
export function makeBenchSession(calls: readonly unknown[][]): BenchSession {
  const root = mkdtempSync(join(tmpdir(), 'samocode-bench-'));
  const sessionDir = join(root, 'sessions', '26-11-24-bench');
  const workDir = root;
  const script = join(root, 'scenario.json');
  writeFileSync(script, JSON.stringify({ calls }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    IS_SANDBOX: '1',
    ANTHROPIC_API_KEY: 'sk-bench-not-a-real-key',
    FAKE_PROVIDER_SCRIPT: script,
  };
  return {
    root,
    sessionDir,
    workDir,
    script,
    env,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function unboundedSettings(): WorkflowSettings {
  const budgets = Object.fromEntries(PHASES.map((phase) => [phase, 1_000_000]));
  return {
    ...defaultSettings(PHASE_REGISTRY),
    retryDelayMs: 0,
    budgets: budgets as WorkflowSettings['budgets'],
  };
}

/** `runSession` with the real provider actor (prompt, spawn, stream parsing, classification) over the fake. */
export function runBenchSession(
  session: BenchSession,
  observers: readonly SessionObserver[] = [],
): Promise<RunResult> {
  const place: SessionPlace = {
    sessionName: 'bench',
    sessionDir: session.sessionDir,
    workDir: session.workDir,
    mainRepo: session.workDir,
    worktreePath: session.workDir,
    branch: 'bench',
  };
  return runSession({
    sessionDir: session.sessionDir,
    place,
    createProvider: (observer) =>
      createProviderActor({
        settings: {
          name: 'claude',
          cliPath: FAKE_CLAUDE,
          model: 'opus',
          maxTurns: 300,
          timeoutMs: 600_000,
          killGraceMs: 1_000,
          env: session.env,
        },
        place,
        observer,
      }),
    settings: unboundedSettings(),
    provider: 'claude',
    model: 'opus',
    configPath: join(session.root, '.samocode'),
    observers,
    warn: () => undefined,
  });
}

export const CONTINUE = [{ do: 'signal', content: { status: 'continue' } }];
export const BLOCK = [
  { do: 'signal', content: { status: 'blocked', reason: 'the bench is over', needs: 'human_decision' } },
];

/** `n - 1` calls that stay in the phase, then one that blocks (the run exits 11). */
export function stayThenBlock(n: number): unknown[][] {
  return [...Array.from({ length: n - 1 }, () => CONTINUE), BLOCK];
}
