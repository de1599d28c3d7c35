/**
 * A `claude` for tests of queued sessions: a wrapper around the fake claude that picks its step by
 * the session's history (its iterations so far), so whichever process or clone runs an iteration
 * plays the same step, and an iteration cut short by a SIGKILL plays it again. `calls[i]` becomes
 * `<scripts>/step-<i>.json`; the fake logs each start next to the step it played.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './samocode-bin.js';

const FAKE_CLAUDE = join(ROOT, 'test', 'fixtures', 'bin', 'claude');

/** The wrapper's path (`<root>/claude`). */
export function writeHistoryStepClaude(
  root: string,
  sessionsDir: string,
  scripts: string,
  calls: readonly (readonly unknown[])[],
): string {
  calls.forEach((steps, step) => {
    writeFileSync(join(scripts, `step-${step}.json`), JSON.stringify({ steps }));
  });
  const wrapper = join(root, 'claude');
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      `history="${sessionsDir}/$(basename "$PWD")/_signal_history.jsonl"`,
      // Iterations so far: a decision's row is not one.
      'rows=0; [ -f "$history" ] && rows=$(grep -vc \'"decision"\' "$history")',
      `FAKE_PROVIDER_SCRIPT="${scripts}/step-$rows.json"; export FAKE_PROVIDER_SCRIPT`,
      `exec node "${FAKE_CLAUDE}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

/** The environment a test project's samocode runs with: the given claude, a fake key, quick retries. */
export function historyStepEnv(root: string, wrapper: string): Record<string, string> {
  return {
    HOME: root,
    SAMOCODE_LOG_DIR: join(root, 'logs'),
    CLAUDE_PATH: wrapper,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    IS_SANDBOX: '1',
    SAMOCODE_RETRY_DELAY: '0',
    SAMOCODE_KILL_GRACE: '1',
    SAMOCODE_MAX_RETRIES: '1',
    // samocode writes the prompt at once, but a loaded machine can take longer than the fake's 300 ms default.
    FAKE_CLAUDE_STDIN_WAIT_MS: '60000',
  };
}
