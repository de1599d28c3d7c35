/** Temp dirs, scenario files and environments for running the fake CLIs in test/fixtures/bin. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFakeLog } from '../helpers/fake-log.js';

export const FAKE_BIN = join(import.meta.dirname, '..', 'fixtures', 'bin');

export interface FakeRun {
  readonly dir: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readInvocations(): unknown[];
  remove(): void;
}

/** A temp dir with a scenario file; `env` puts the fakes first on PATH and names the script. */
export function createFakeRun(scenario: unknown, extraEnv: Record<string, string> = {}): FakeRun {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-fake-'));
  const script = join(dir, 'scenario.json');
  writeFileSync(script, JSON.stringify(scenario));
  const env: Record<string, string> = {
    PATH: `${FAKE_BIN}:${process.env.PATH ?? ''}`,
    HOME: dir,
    FAKE_PROVIDER_SCRIPT: script,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    CODEX_API_KEY: 'sk-fake',
    IS_SANDBOX: '1',
    ...extraEnv,
  };
  return {
    dir,
    script,
    env,
    readInvocations: () => readFakeLog(script),
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
