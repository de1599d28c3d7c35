import { describe, expect, it } from 'vitest';
import type { StartError } from '../../src/process/process-result.js';
import { toOutcomeEvent } from '../../src/providers/outcome.js';
import { classifyStartError } from '../../src/providers/start-failure.js';

const error = (overrides: Partial<StartError>): StartError => ({
  code: 'ENOENT',
  message: 'spawn /opt/bin/codex ENOENT',
  file: '/opt/bin/codex',
  cwd: '/work/tree',
  ...overrides,
});

describe('classifyStartError', () => {
  it('blocks on a working folder that is gone, as an environment problem', () => {
    const classified = classifyStartError('claude', error({ missing: 'cwd' }));
    expect(classified.outcome).toBe('workdir_missing');
    expect(classified.message).toContain('its working folder /work/tree no longer exists');
    expect(toOutcomeEvent(classified, undefined, 0)).toEqual({
      type: 'signal.blocked',
      reason: classified.message,
      needs: 'environment',
    });
  });

  it('names a CLI that is gone and how to put it back, as a fatal failure', () => {
    const classified = classifyStartError('codex', error({ missing: 'program' }));
    expect(classified).toEqual({
      outcome: 'cli_missing',
      message:
        'codex: the CLI /opt/bin/codex is gone (ENOENT); it was there when the run began: reinstall it (npm install -g @openai/codex) or set CODEX_PATH to where it is now, then run samocode again',
    });
    expect(toOutcomeEvent(classified, undefined, 0)).toMatchObject({ type: 'agent.failed', kind: 'fatal' });
  });

  it.each([
    ['EACCES', undefined, 'cannot be run (EACCES: it is not executable)'],
    ['ENOENT', undefined, 'cannot be run (ENOENT: the interpreter its #! line names was not found)'],
  ] as const)('says why a CLI that is there cannot run (%s)', (code, missing, text) => {
    const classified = classifyStartError('claude', error({ code, ...(missing ? { missing } : {}) }));
    expect(classified.outcome).toBe('cli_missing');
    expect(classified.message).toContain(`claude: the CLI /opt/bin/codex ${text}`);
    expect(classified.message).not.toContain('version');
  });

  it('leaves anything else node refused a bad invocation', () => {
    const classified = classifyStartError(
      'claude',
      error({ code: 'EINVAL', message: 'Arguments cannot contain null bytes' }),
    );
    expect(classified.outcome).toBe('bad_invocation');
    expect(classified.message).toContain('null bytes');
  });
});
