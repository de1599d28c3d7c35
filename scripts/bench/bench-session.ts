/** A throw-away session folder and a `runSession` over the bench provider, with budgets that never block. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { defaultSettings, type WorkflowSettings } from '../../machines/workflow.js';
import { createProviderActor } from '../../src/providers/actor.js';
import type { SessionPlace } from '../../src/providers/types.js';
import type { SessionObserver } from '../../src/runner/observer.js';
import { type RunResult, runSession } from '../../src/runner/run-session.js';

import { SH_PROVIDER } from './cli-run.js';

export interface BenchSession {
  readonly root: string;
  readonly sessionDir: string;
  readonly workDir: string;
  /** The provider's call counter: remove it to start counting again. */
  readonly counter: string;
  readonly env: Record<string, string>;
  remove(): void;
}

/** The /bin/sh bench provider staying in its phase; call `blockAfter` blocks, which ends the run. */
export function makeBenchSession(blockAfter: number): BenchSession {
  const root = mkdtempSync(join(tmpdir(), 'samocode-bench-'));
  const sessionDir = join(root, 'sessions', '26-11-24-bench');
  const workDir = root;
  const counter = join(root, 'calls');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    IS_SANDBOX: '1',
    BENCH_STAY: '1',
    BENCH_BLOCK_AFTER: String(blockAfter),
    BENCH_COUNTER: counter,
  };
  return {
    root,
    sessionDir,
    workDir,
    counter,
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

/** `runSession` with the real provider actor (prompt, spawn, stream parsing, classification) over the sh provider. */
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
          cliPath: SH_PROVIDER,
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
